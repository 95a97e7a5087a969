package dev.latchkey.enduser;

import java.util.List;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.mfa.MfaChallenges;
import dev.latchkey.enduser.mfa.TotpFactors;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Turns a proven first factor into a session and its tokens, or into an MFA challenge when the
 * user has a second factor or the application requires one; and a refresh token into the next tokens.
 */
@ApplicationScoped
public class SignIns {

    /** RFC 8176's name for a password sign-in. */
    static final String PASSWORD = "pwd";
    /** RFC 8176: more than one factor was proven; the data API asks for it where the application requires MFA. */
    public static final String MULTI_FACTOR = "mfa";
    /** RFC 8176: a one-time password (the TOTP factor). */
    static final String ONE_TIME_PASSWORD = "otp";

    @Inject
    Sessions sessions;

    @Inject
    UserTokens tokens;

    @Inject
    EndUserRepository users;

    @Inject
    TotpFactors factors;

    @Inject
    MfaChallenges challenges;

    /** The client a session was opened from, as the session listing shows it. */
    public record Client(String address, String userAgent) {

        static Client of(HttpServerRequest request, ClientAddress addresses) {
            return new Client(addresses.of(request), request.getHeader("User-Agent"));
        }
    }

    /** Refuses a sign-in the application does not offer (CONTRACT section 13, auth_methods). */
    static void requireMethod(VerifiedKey key, String method) {
        List<String> offered = key.application().authMethods();
        boolean allowed = offered.contains(method) || ("email_password".equals(method) && offered.contains("password"));
        if (!allowed) {
            throw new ApiException(403, "auth_method_disabled",
                    "This application does not offer sign-in by " + method + " (its auth_methods)", null);
        }
    }

    static void requireEnabled(EndUser user) {
        if (user.disabled) {
            throw new ApiException(403, "user_disabled", "This account is disabled", null);
        }
    }

    /** A session, or a challenge when a second factor is due (CONTRACT section 14). */
    SignInAnswer complete(VerifiedKey key, EndUser user, List<String> methods, Client client) {
        boolean hasFactor = factors.confirmed(user.id);
        if (!hasFactor && !key.application().mfaRequired()) {
            return open(user, methods, client);
        }
        String challenge = challenges.create(user.id, key.applicationId(), key.environment(), methods, !hasFactor);
        return MfaChallengeView.of(challenge, !hasFactor);
    }

    SessionView open(EndUser user, List<String> methods, Client client) {
        Sessions.Started started = QuarkusTransaction.requiringNew().call(() -> {
            users.update("lastSignInAt = current_timestamp where id = ?1", user.id);
            return sessions.start(user.id, methods, client.address(), client.userAgent());
        });
        return view(user, started.sessionId(), started.refreshToken(), methods);
    }

    SessionView refresh(VerifiedKey key, String refreshToken) {
        Sessions.Refreshed refreshed = sessions.refresh(refreshToken, key.applicationId(), key.environment().name());
        EndUser user = users.findById(refreshed.userId());
        if (user == null) {
            throw new ApiException(401, "invalid_token", "The refresh token is not valid, expired or spent", null);
        }
        return view(user, refreshed.sessionId(), refreshed.refreshToken(), refreshed.methods());
    }

    private SessionView view(EndUser user, java.util.UUID sessionId, String refreshToken, List<String> methods) {
        UserTokens.Issued token = tokens.issue(user, sessionId, methods);
        return new SessionView(true, token.token(), token.expiresInSeconds(), refreshToken, sessionId, UserView.of(user));
    }
}
