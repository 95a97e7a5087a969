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

    /** The signed-in end user; 401 {@code invalid_token} without a valid token for this key's app and environment. */
    public UUID user() {
        if (user == null) {
            user = tokens.requireUser(request, key()).userId();
        }
        return user;
    }

    DataScope scope(String collection) {
        VerifiedKey key = key();
        return DataScope.of(key.applicationId(), key.environment(), collection);
    }
}
