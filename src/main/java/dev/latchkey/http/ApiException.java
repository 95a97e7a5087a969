package dev.latchkey.http;

/**
 * A client-facing failure with the contract's status and error code. Thrown anywhere, turned into
 * an {@link ErrorBody} by {@link ErrorMappers}. The message is shown to the caller, so it must
 * never hold a key, token or password.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String requiredPermission;
    private final long retryAfterSeconds;

    public ApiException(int status, String error, String message, String requiredPermission) {
        this(status, error, message, requiredPermission, 0);
    }

    private ApiException(int status, String error, String message, String requiredPermission, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.requiredPermission = requiredPermission;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException invalidRequest(String message) {
        return new ApiException(400, "invalid_request", message, null);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found", null);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public static ApiException forbidden(String requiredPermission, String message) {
        return new ApiException(403, "insufficient_permissions", message, requiredPermission);
    }

    /** A credential without the permission an endpoint declares: the body names it. */
    public static ApiException lacksPermission(String permission) {
        return forbidden(permission, "The credential lacks the permission " + permission);
    }

    /** 429 with the seconds after which a retry may succeed (sent as Retry-After). */
    public static ApiException rateLimited(long retryAfterSeconds, String message) {
        return new ApiException(429, "rate_limited", message, null, Math.max(1, retryAfterSeconds));
    }

    /** 429 {@code usage_exceeded}: no credits left; Retry-After until the next refill when there is one (0: none). */
    public static ApiException usageExceeded(long retryAfterSeconds, String message) {
        return new ApiException(429, "usage_exceeded", message, null, retryAfterSeconds);
    }

    /** 503: a store or a capped resource cannot answer now; Retry-After says when to try again. */
    public static ApiException unavailable(long retryAfterSeconds, String message) {
        return new ApiException(503, "unavailable", message, null, Math.max(1, retryAfterSeconds));
    }

    public int status() {
        return status;
    }

    /** Seconds for Retry-After, or 0 when the answer names no time to retry. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorBody body() {
        return new ErrorBody(error, getMessage(), requiredPermission);
    }
}
