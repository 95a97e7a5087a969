package dev.latchkey.verification;

import dev.latchkey.common.ApiException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The API key behind the current request, for endpoints that only an API key may call. */
@RequestScoped
public class KeyCaller {

    @Inject
    SecurityIdentity identity;

    public VerifiedKey key() {
        VerifiedKey key = identity.getAttribute(ApiKeyIdentityProvider.KEY_ATTRIBUTE);
        if (key == null) {
            throw new ApiException(401, "missing_credentials",
                    "An API key is required: send it as x-api-key or Authorization: Bearer", null);
        }
        return key;
    }
}
