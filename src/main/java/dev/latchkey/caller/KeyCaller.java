package dev.latchkey.caller;

import dev.latchkey.http.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The API key behind the current request: the one reader of what the API-key authentication
 * writes. The key plane's endpoints ({@code verification/ApiKeyOnly}) find it in the routing
 * context, where their filter left it ({@link #key}); endpoints an admin token may call too find
 * it in the identity Quarkus security built ({@link #current}). It holds nothing of its own: one
 * instance serves every request (a request-scoped one cost each request its creation).
 */
@Singleton
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
        VerifiedKey admitted = fromRequest(KEY_ATTRIBUTE);
        return admitted != null ? admitted : of(identity);
    }

    /**
     * The key of a key-plane endpoint, admitted before it ran. Never asks Quarkus security (on the
     * event loop that would block): without a key here the endpoint was not marked, and answers 401.
     */
    public VerifiedKey key() {
        VerifiedKey key = fromRequest(KEY_ATTRIBUTE);
        if (key == null) {
            throw keyRequired();
        }
        return key;
    }

    /** A key-plane caller's credits after this request, or null when its key has no credits (unlimited). */
    public CreditBalance credits() {
        return fromRequest(CREDITS_ATTRIBUTE);
    }

    private <T> T fromRequest(String name) {
        RoutingContext context = request.getCurrent();
        return context == null ? null : context.get(name);
    }

    /** The key of an identity, or null when it was not authenticated by an API key. */
    public static VerifiedKey of(SecurityIdentity identity) {
        return identity.getAttribute(KEY_ATTRIBUTE);
    }

    /** Keeps a key admitted for a key-plane endpoint, with its credits after the request (null: unlimited). */
    public static void remember(RoutingContext context, VerifiedKey key, CreditBalance credits) {
        context.put(KEY_ATTRIBUTE, key);
        if (credits != null) {
            context.put(CREDITS_ATTRIBUTE, credits);
        }
    }

    /** The answer to a request without an API key where one is required. */
    public static ApiException keyRequired() {
        return new ApiException(401, "missing_credentials",
                "An API key is required: send it as x-api-key or Authorization: Bearer", null);
    }
}
