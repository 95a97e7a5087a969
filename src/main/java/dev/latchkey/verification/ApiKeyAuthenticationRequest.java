package dev.latchkey.verification;

import dev.latchkey.key.ApiKeyFormat;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A well-formed API key from a request, with the request's Origin (null when absent). */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final ApiKeyFormat.ParsedKey key;
    private final String origin;

    public ApiKeyAuthenticationRequest(ApiKeyFormat.ParsedKey key, String origin) {
        this.key = key;
        this.origin = origin;
    }

    public ApiKeyFormat.ParsedKey key() {
        return key;
    }

    public String origin() {
        return origin;
    }
}
