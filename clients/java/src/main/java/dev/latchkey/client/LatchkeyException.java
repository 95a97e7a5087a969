package dev.latchkey.client;

/**
 * A failed call: the contract's error body ({@code error}, {@code message}, the required
 * permission) with the HTTP status (0 when no answer came: {@code timeout} or {@code network_error}).
 */
public class LatchkeyException extends RuntimeException {

    private final int status;
    private final String error;
    private final String requiredPermission;
    private final Double retryAfterSeconds;

    public LatchkeyException(int status, String error, String message, String requiredPermission, Double retryAfterSeconds) {
        super(message == null ? error : message);
        this.status = status;
        this.error = error;
        this.requiredPermission = requiredPermission;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String requiredPermission() {
        return requiredPermission;
    }

    /** The answer's Retry-After, in seconds; null when it had none. */
    public Double retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
