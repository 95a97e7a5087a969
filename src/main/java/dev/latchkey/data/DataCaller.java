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

    /** The signed-in end user, their session, and the read of its liveness. */
    public record Reader(UUID userId, UUID sessionId, Runnable requireLiveSession) {
    }

    /**
     * As {@link #user()}, its answers (401, 403) given now, but for the session: the caller reads
     * its liveness before the user's data is answered, with the data ({@link DocumentService#list})
     * or by the returned reader's check.
     */
    public Reader readerWithSessionReadLater() {
        UserTokens.SignedIn signedIn = UserTokens.requireSecondFactorWhereDue(key(), tokens.requireUserToken(request, key()));
        return new Reader(signedIn.userId(), signedIn.sessionId(), () -> tokens.requireLiveSession(signedIn));
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
