package dev.latchkey.common;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Latchkey's own settings; production takes them from environment variables (README). */
@ConfigMapping(prefix = "latchkey")
public interface LatchkeyConfig {

    Hash hash();

    /**
     * Proxies whose X-Forwarded-For is believed (LATCHKEY_TRUSTED_PROXIES, comma-separated CIDR
     * ranges or addresses); none by default, so the header is ignored ({@link ClientAddress}).
     */
    Optional<List<String>> trustedProxies();

    LastUsed lastUsed();

    Verification verification();

    interface Verification {

        /** Whether checks use the in-process and Redis caches; off, every check reads PostgreSQL. */
        @WithDefault("true")
        boolean cacheEnabled();

        /** Heap the in-process cache may use for known keys, in bytes (estimated per entry). */
        @WithDefault("16777216")
        long localMaxBytes();

        /** Unknown keys (negative entries, about 200 bytes each) the in-process cache holds at most. */
        @WithDefault("50000")
        long localMaxUnknown();

        /** How long an unknown key is remembered as unknown. */
        @WithDefault("30s")
        Duration unknownTtl();

        /** How long a key stays in the Redis cache without being invalidated. */
        @WithDefault("5m")
        Duration sharedTtl();

        /** How often an instance reads the invalidation stream and renews its lease. */
        @WithDefault("50ms")
        Duration syncInterval();

        /**
         * How long an instance trusts its in-process cache after its last successful sync, and
         * so the longest a change waits for an instance that has gone silent.
         */
        @WithDefault("2s")
        Duration lease();
    }

    RateLimit rateLimit();

    /** Request budgets; defaults in application.properties (test keys lower than live, as Stripe). */
    interface RateLimit {

        /** Off, no request is limited and no RateLimit headers are sent (for measuring the limiter's cost). */
        @WithDefault("true")
        boolean enabled();

        /** Every live key without a budget of its own. */
        Budget live();

        /** Every test key without a budget of its own. */
        Budget test();

        /** identify calls per client address, on top of the key's budget. */
        Budget identifyPerAddress();

        /** end-user login attempts per client address and application environment, on top of the key's budget. */
        Budget loginPerAddress();

        /** end-user signups per client address, whatever the application: each one costs a bcrypt hash. */
        Budget signupPerAddress();

        /** Failed key checks (reads of Redis and PostgreSQL that found no key) per client address. */
        Budget failedChecksPerAddress();

        /** Failed key checks of all addresses together, across the cluster: what unknown keys may cost the database. */
        Budget failedChecks();
    }

    interface Budget {
        int limit();

        Duration window();
    }

    Usage usage();

    interface Usage {

        /** How often the per-key usage counts are added to PostgreSQL, in one statement. */
        @WithDefault("5s")
        Duration flushInterval();
    }

    Token token();

    /** The service's own tokens (end-user and access tokens) beyond the signing key itself. */
    interface Token {

        /**
         * Public keys (PEM, file or URL) of earlier signing keys, still published and accepted
         * after a rotation until their tokens have expired (LATCHKEY_TOKEN_PREVIOUS_PUBLIC_KEY_LOCATIONS).
         */
        Optional<List<String>> previousPublicKeyLocations();

        /** The {@code iss} of access tokens. */
        @WithDefault("latchkey")
        String accessTokenIssuer();

        /** How long an access token is valid; at most 15 minutes. */
        @WithDefault("15m")
        Duration accessTokenTtl();
    }

    EndUser endUser();

    interface EndUser {

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

        LoginThrottle loginThrottle();
    }

    /** Failed logins allowed per e-mail and per client address within a window, before 429. */
    interface LoginThrottle {

        @WithDefault("5")
        int maxFailuresPerEmail();

        @WithDefault("50")
        int maxFailuresPerAddress();

        @WithDefault("15m")
        Duration window();
    }

    interface LastUsed {

        /** How often the times keys were last used are written to PostgreSQL, in one statement. */
        @WithDefault("5s")
        Duration flushInterval();
    }

    /**
     * Settings without which the service cannot run, mirrored from where Quarkus reads them
     * (application.properties) so that start-up names every missing one at once, by its
     * environment variable, instead of failing later on the first.
     */
    Required required();

    interface Required {
        String datasourceUrl();

        String datasourceUsername();

        String redisHosts();

        String jwtIssuer();

        /** Admin tokens must name Latchkey as their audience: any token of the realm carrying groups is not enough. */
        String jwtAudiences();

        String jwtPublicKeyLocation();

        String userTokenSignKeyLocation();
    }

    interface Hash {

        /** Base64 of at least 32 random bytes: the HMAC key under which API keys are stored (LATCHKEY_HASH_SECRET). */
        String secret();

        /** Version number stored with every hash made under {@link #secret()}; raise it when the secret is rotated. */
        @WithDefault("1")
        int version();

        /**
         * Earlier secrets, each as {@code version:base64}, still accepted for keys hashed under them
         * (LATCHKEY_HASH_PREVIOUS_SECRETS, comma-separated).
         */
        Optional<List<String>> previousSecrets();
    }
}
