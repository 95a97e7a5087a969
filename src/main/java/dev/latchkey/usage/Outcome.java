package dev.latchkey.usage;

import java.util.Locale;

/** How a key check ended, as counted per key and day. */
public enum Outcome {
    OK, INVALID, REVOKED, EXPIRED, DISABLED, FORBIDDEN, RATE_LIMITED, ORIGIN_NOT_ALLOWED, IP_NOT_ALLOWED, USAGE_EXCEEDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The outcome of a request whose key passed the check, from the status it was answered with. */
    static Outcome ofStatus(int status) {
        return switch (status) {
            case 403 -> FORBIDDEN;
            case 429 -> RATE_LIMITED;
            default -> OK;
        };
    }
}
