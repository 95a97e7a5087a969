package dev.latchkey.enduser;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** End users of applications: their tokens, passwords and login throttling. */
@ConfigMapping(prefix = "latchkey.end-user")
public interface EndUserConfig {

    /** The {@code iss} of end-user tokens. */
    @WithDefault("latchkey")
    String tokenIssuer();

    /** How long an end-user token is valid; at most 1 hour. */
    @WithDefault("1h")
    Duration tokenTtl();

    /** The bcrypt cost (log2 of its rounds) for new password hashes. */
    @WithDefault("11")
    int passwordCost();

    @WithDefault("8")
    int minPasswordLength();

    /**
     * Password hashes (signup) and checks (login) computed at once, at most; past it a request
     * answers 503 at once instead of queueing behind bcrypt. 0: half the processors (at least one).
     */
    @WithDefault("0")
    int maxConcurrentHashes();

    Throttle loginThrottle();

    /** Failed logins allowed per e-mail and per client address within a window, before 429. */
    interface Throttle {

        @WithDefault("5")
        int maxFailuresPerEmail();

        @WithDefault("50")
        int maxFailuresPerAddress();

        @WithDefault("15m")
        Duration window();
    }
}
