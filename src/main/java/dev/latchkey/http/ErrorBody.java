package dev.latchkey.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The contract's error body: every non-2xx answer of the service carries exactly this. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record ErrorBody(boolean success, String error, String message, String requiredPermission) {

    public ErrorBody(String error, String message, String requiredPermission) {
        this(false, error, message, requiredPermission);
    }
}
