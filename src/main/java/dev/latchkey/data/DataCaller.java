package dev.latchkey.data;

import java.util.UUID;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.UserTokens;
import dev.latchkey.key.KeyType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who calls the data API: the API key, and, read only when a rule needs it, the end user's token. */
@RequestScoped
public class DataCaller {

    @Inject
    KeyCaller keys;

    @Inject
    UserTokens tokens;

    @Inject
    HttpServerRequest request;

    private UUID user;

    public VerifiedKey key() {
        return keys.key();
    }

    public boolean publishable() {
        return key().type() == KeyType.PUBLISHABLE;
    }

    /**
     * The signed-in end user; 401 {@code invalid_token} without a valid token for this key's app and
     * environment, 403 {@code mfa_required} when the application requires MFA and the session did not pass it.
     */
    public UUID user() {
        if (user == null) {
            user = UserTokens.requireSecondFactorWhereDue(key(), tokens.requireUser(request, key())).userId();
        }
        return user;
    }

    /** Where the application requires MFA, a presented user token must have passed it, even where no rule reads the user. */
    DataScope scope(String collection) {
        VerifiedKey key = key();
        if (user == null && key.application().mfaRequired()) {
            UserTokens.SignedIn presented = tokens.userIfPresented(request, key);
            user = presented == null ? null : UserTokens.requireSecondFactorWhereDue(key, presented).userId();
        }
        return DataScope.of(key.applicationId(), key.environment(), collection);
    }
}
