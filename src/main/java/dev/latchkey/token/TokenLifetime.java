package dev.latchkey.token;

import java.time.Duration;

/** The service's tokens live no longer than the contract allows, whatever the configuration says. */
public final class TokenLifetime {

    private TokenLifetime() {
    }

    /** The configured lifetime, or a start-up failure naming the setting when it is negative or above {@code max}. */
    public static Duration checked(Duration configured, Duration max, String setting) {
        if (configured.compareTo(max) > 0 || configured.isNegative()) {
            throw new IllegalStateException(setting + " must be at most " + max.toMinutes() + " minutes");
        }
        return configured;
    }
}
