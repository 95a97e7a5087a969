package dev.latchkey.verification;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A well-formed API key from a request, with the facts of that request the admission pipeline weighs. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final AdmissionRequest admission;

    public ApiKeyAuthenticationRequest(AdmissionRequest admission) {
        this.admission = admission;
    }

    public AdmissionRequest admission() {
        return admission;
    }
}
