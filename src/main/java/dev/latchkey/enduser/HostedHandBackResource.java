package dev.latchkey.enduser;

import java.util.List;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.enduser.social.OAuthTrips;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.RedirectUrls;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyOnly;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * The last step of a hosted sign-in page (CONTRACT section 15): the session made on Latchkey's
 * page ends, and its user and methods go back to the application's page as a {@code latchkey_code}
 * bound to that page's S256 challenge, which it exchanges as after a social sign-in.
 */
@Path("/api/userAuth/hosted/code")
@ApiKeyOnly(CallerPermissions.USERS_READ)
public class HostedHandBackResource {

    @Inject
    KeyCaller caller;

    @Inject
    UserTokens tokens;

    @Inject
    Sessions sessions;

    @Inject
    OAuthTrips trips;

    @Inject
    HttpServerRequest request;

    public record HandBack(String redirectTo, String codeChallenge) {
    }

    /** Where the hosted page sends the browser: the application's page with its code. */
    public record HandedBack(String redirectUrl) {
        @Override
        public String toString() {
            return "HandedBack[code hidden]";
        }
    }

    @POST
    public HandedBack handBack(HandBack body) {
        VerifiedKey key = caller.key();
        UserTokens.SignedIn signedIn = tokens.requireUser(request, key);
        String redirectTo = body == null ? null : body.redirectTo();
        if (redirectTo == null || !RedirectUrls.allows(key.application().redirectUrls(), redirectTo)) {
            throw ApiException.invalidRequest("redirect_to: is required, and must be one of the application's redirect_urls, or a"
                    + " path below one that ends in /");
        }
        OAuthTrips.requireChallenge(body.codeChallenge());
        List<String> methods = sessions.handOver(signedIn.sessionId());
        if (methods == null) {
            throw new ApiException(401, "invalid_token", "The session of this user token has ended", null);
        }
        String code = trips.issueHostedCode(key.applicationId(), key.environment(), body.codeChallenge(), signedIn.userId(), methods);
        return new HandedBack(SocialSignIns.withParameter(redirectTo, "latchkey_code", code).toString());
    }
}
