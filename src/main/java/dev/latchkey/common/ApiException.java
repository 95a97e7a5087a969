package dev.latchkey.common;

/**
 * A client-facing failure with the contract's status and error code. Thrown anywhere, turned into
 * an {@link ErrorBody} by {@link ErrorMappers}. The message is shown to the caller, so it must
 * never hold a key, token or password.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String error;
    private final String requiredPermission;

    public ApiException(int status, String error, String message, String requiredPermission) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.requiredPermission = requiredPermission;
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

    public int status() {
        return status;
    }

    public ErrorBody body() {
        return new ErrorBody(error, getMessage(), requiredPermission);
    }
}
