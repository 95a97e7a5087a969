package dev.latchkey.verification;

import dev.latchkey.usage.Outcome;

/**
 * How a key check ends, in one table: the HTTP status and error code a request gets (CONTRACT
 * section 4), the verify code (its name, CONTRACT section 6), and how usage counts it.
 */
public enum AdmissionStatus {
    VALID(200, null, null, Outcome.OK),
    INVALID(401, "invalid_api_key", "The API key is not valid", Outcome.INVALID),
    REVOKED(401, "api_key_revoked", "This API key has been revoked", Outcome.REVOKED),
    EXPIRED(401, "api_key_expired", "This API key has expired", Outcome.EXPIRED),
    DISABLED(401, "api_key_disabled", "This API key is suspended", Outcome.DISABLED),
    ORIGIN_NOT_ALLOWED(403, "origin_not_allowed", "This origin is not allowed for the application", Outcome.ORIGIN_NOT_ALLOWED),
    SECRET_KEY_IN_BROWSER(401, "secret_key_in_browser",
            "Secret keys must stay on servers; use the publishable key in browsers", Outcome.FORBIDDEN),
    IP_NOT_ALLOWED(403, "ip_not_allowed", "This API key may not be used from this address", Outcome.IP_NOT_ALLOWED),
    RATE_LIMITED(429, "rate_limited", "Rate limit exceeded; retry after the time in Retry-After", Outcome.RATE_LIMITED),
    INSUFFICIENT_SCOPES(403, "insufficient_permissions", "The key lacks a scope the request needs", Outcome.FORBIDDEN),
    USAGE_EXCEEDED(429, "usage_exceeded", "This API key has no credits left", Outcome.USAGE_EXCEEDED);

    private final int httpStatus;
    private final String error;
    private final String message;
    private final Outcome usage;

    AdmissionStatus(int httpStatus, String error, String message, Outcome usage) {
        this.httpStatus = httpStatus;
        this.error = error;
        this.message = message;
        this.usage = usage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String error() {
        return error;
    }

    public String message() {
        return message;
    }

    /** How usage and the key-check metric count this ending. */
    public Outcome usage() {
        return usage;
    }
}
