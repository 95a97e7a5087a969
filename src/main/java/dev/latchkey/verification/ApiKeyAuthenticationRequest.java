package dev.latchkey.verification;

import dev.latchkey.key.ApiKeyFormat;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A well-formed API key from a request, with the request's Origin (null when absent) and client address. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final ApiKeyFormat.ParsedKey key;
    private final String origin;
    private final String address;

    public ApiKeyAuthenticationRequest(ApiKeyFormat.ParsedKey key, String origin, String address) {
        this.key = key;
        this.origin = origin;
        this.address = address;
    }

    public String address() {
        return address;
    }

    public ApiKeyFormat.ParsedKey key() {
        return key;
    }

    public String origin() {
        return origin;
    }
}
