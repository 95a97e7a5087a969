package dev.latchkey.verification;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.key.ApiKeyFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits the API key of an {@link ApiKeyOnly} endpoint before the endpoint runs, and leaves the
 * admitted key where {@link KeyCaller} reads it. A warm key is judged on the event loop; a cold
 * one on a worker thread. No key, a malformed one or a refusal answers with the contract's error,
 * as the authentication mechanism does for the other endpoints.
 */
public class ApiKeyOnlyFilter {

    @Inject
    KeyAdmission admission;

    @Inject
    ClientAddress clientAddress;

    /** On the event loop even before a blocking endpoint (the data API's): there a warm key's check costs a fraction. */
    @ApiKeyOnly
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION, nonBlocking = true)
    public Uni<Void> admit(RoutingContext context) {
        String value = ApiKeyAuthenticationMechanism.presentedKey(context.request());
        if (value == null) {
            return Uni.createFrom().failure(KeyCaller.keyRequired());
        }
        ApiKeyFormat.ParsedKey key = ApiKeyFormat.parse(value);
        if (key == null) {
            return Uni.createFrom().failure(Admission.invalid().failure());
        }
        return admission.admit(ApiKeyAuthenticationMechanism.admissionRequest(context, key, clientAddress))
                .map(admitted -> {
                    if (!admitted.passed()) {
                        throw admitted.failure();
                    }
                    KeyCaller.admitted(context, admitted.key(), admitted.credits() == null ? null : admitted.credits().balance());
                    return null;
                });
    }
}
