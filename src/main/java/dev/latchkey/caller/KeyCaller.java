package dev.latchkey.caller;

import dev.latchkey.http.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The API key behind the current request: the one reader of what the API-key authentication
 * writes, the identity's attributes (endpoints under Quarkus security) or the routing context's
 * (endpoints only a key calls, {@code verification/ApiKeyOnly}).
 */
@RequestScoped
public class KeyCaller {

    /** The identity attribute (and routing-context entry) holding the {@link VerifiedKey}. */
    public static final String KEY_ATTRIBUTE = "latchkey.key";
    /** The identity attribute (and routing-context entry) holding the key's {@link CreditBalance} after this request spent from it (absent: unlimited). */
    public static final String CREDITS_ATTRIBUTE = "latchkey.credits";

    @Inject
    SecurityIdentity identity;

    @Inject
    CurrentVertxRequest request;

    /** The key, or null when the request was not authenticated by an API key. */
    public VerifiedKey current() {
        RoutingContext context = request.getCurrent();
        VerifiedKey admitted = context == null ? null : context.get(KEY_ATTRIBUTE);
        // the identity is only asked when no key was admitted outside Quarkus security
        return admitted != null ? admitted : of(identity);
    }

    /** The calling key's credits after this request, or null when it has no credits (unlimited). */
    public CreditBalance credits() {
        RoutingContext context = request.getCurrent();
        if (context != null && context.get(KEY_ATTRIBUTE) != null) {
            return context.get(CREDITS_ATTRIBUTE);
        }
        return identity.getAttribute(CREDITS_ATTRIBUTE);
    }

    /** The key of an identity, or null when it was not authenticated by an API key. */
    public static VerifiedKey of(SecurityIdentity identity) {
        return identity.getAttribute(KEY_ATTRIBUTE);
    }

    /** Records a key admitted outside Quarkus security for this request, with its credits after the request (null: unlimited). */
    public static void admitted(RoutingContext context, VerifiedKey key, CreditBalance credits) {
        context.put(KEY_ATTRIBUTE, key);
        if (credits != null) {
            context.put(CREDITS_ATTRIBUTE, credits);
        }
    }

    /** The key, for endpoints that only an API key may call: 401 without one. */
    public VerifiedKey key() {
        VerifiedKey key = current();
        if (key == null) {
            throw keyRequired();
        }
        return key;
    }

    /** The answer to a request without an API key where one is required. */
    public static ApiException keyRequired() {
        return new ApiException(401, "missing_credentials",
                "An API key is required: send it as x-api-key or Authorization: Bearer", null);
    }
}
