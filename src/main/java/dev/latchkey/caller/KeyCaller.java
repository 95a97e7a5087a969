package dev.latchkey.caller;

import dev.latchkey.http.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * The API key behind the current request: the one reader of the identity attribute that the
 * API-key authentication writes.
 */
@RequestScoped
public class KeyCaller {

    /** The identity attribute holding the {@link VerifiedKey}. */
    public static final String KEY_ATTRIBUTE = "latchkey.key";
    /** The identity attribute holding the key's {@link CreditBalance} after this request spent from it (absent: unlimited). */
    public static final String CREDITS_ATTRIBUTE = "latchkey.credits";

    @Inject
    SecurityIdentity identity;

    /** The key, or null when the request was not authenticated by an API key. */
    public VerifiedKey current() {
        return of(identity);
    }

    /** The calling key's credits after this request, or null when it has no credits (unlimited). */
    public CreditBalance credits() {
        return identity.getAttribute(CREDITS_ATTRIBUTE);
    }

    /** The key of an identity, or null when it was not authenticated by an API key. */
    public static VerifiedKey of(SecurityIdentity identity) {
        return identity.getAttribute(KEY_ATTRIBUTE);
    }

    /** The key, for endpoints that only an API key may call: 401 without one. */
    public VerifiedKey key() {
        VerifiedKey key = current();
        if (key == null) {
            throw new ApiException(401, "missing_credentials",
                    "An API key is required: send it as x-api-key or Authorization: Bearer", null);
        }
        return key;
    }
}
