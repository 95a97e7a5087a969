package dev.latchkey.enduser;

import java.net.URI;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.ratelimit.RequestLimits;
import dev.latchkey.verification.ApiKeyOnly;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** End-user accounts of the application and environment that the request's API key names. */
@Path("/api/userAuth")
@ApiKeyOnly
public class UserAuthResource {

    @Inject
    KeyCaller caller;

    @Inject
    EndUserService users;

    @Inject
    UserTokens tokens;

    @Inject
    HttpServerRequest request;

    @Inject
    RequestLimits limits;

    @Inject
    ClientAddress clientAddress;

    @Inject
    SignIns signIns;

    @Inject
    Sessions sessions;

    @Inject
    ExternalSignIns external;

    @ApiKeyOnly(CallerPermissions.USERS_WRITE)
    @POST
    @Path("/signup")
    // both as SignInAnswer, so that generated clients type the answer as the union a caller must tell apart
    @APIResponse(responseCode = "201", description = "The new user and their token (a session)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    @APIResponse(responseCode = "200", description = "The user is created; the application requires MFA, so an enrol-only challenge"
            + " and no session", content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    public Response signup(Credentials credentials) {
        // every signup costs a bcrypt hash, whatever the application: one budget per address for all of them
        limits.admitAddress("signup", clientAddress.of(request), limits.settings().signupPerAddress());
        SignInAnswer answer = users.signup(caller.key(), require(credentials), client());
        if (answer instanceof MfaChallengeView) {
            return Response.ok(answer).build(); // a first factor with the second due: 200, as every sign-in (CONTRACT section 14)
        }
        return Response.created(URI.create("/api/userAuth/me")).entity(answer).build();
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/login")
    public SignInAnswer login(Credentials credentials) {
        VerifiedKey key = caller.key();
        String address = clientAddress.of(request);
        limits.admitAddress("login:" + key.applicationId() + ":" + key.environment().wire(), address,
                limits.settings().loginPerAddress());
        return users.login(key, require(credentials), client());
    }

    /** Bring your own auth: a JWT of one of the application's external issuers for a session. */
    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/exchange")
    @APIResponse(responseCode = "200", description = "Signed in, or an MFA challenge",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    @APIResponse(responseCode = "201", description = "Signed in; the user was created by this first exchange",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    public Response exchange(EmailFlowResource.TokenBody body) {
        VerifiedKey key = caller.key();
        limits.admitAddress("login:" + key.applicationId() + ":" + key.environment().wire(), clientAddress.of(request),
                limits.settings().loginPerAddress());
        ExternalSignIns.Exchanged exchanged = external.exchange(key, body == null ? null : body.token(), client());
        return Response.status(exchanged.answer().status(exchanged.created() ? 201 : 200)).entity(exchanged.answer()).build();
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/refresh")
    public SessionView refresh(RefreshRequest body) {
        if (body == null || body.refreshToken() == null || body.refreshToken().isBlank()) {
            throw ApiException.invalidRequest("refresh_token: is required");
        }
        return signIns.refresh(caller.key(), body.refreshToken());
    }

    @POST
    @Path("/logout")
    @APIResponse(responseCode = "204", description = "The session (or with all: every session of the user) has ended")
    public Response logout(LogoutRequest body) {
        UserTokens.SignedIn signedIn = tokens.requireUser(request, caller.key());
        if (body != null && Boolean.TRUE.equals(body.all())) {
            sessions.endAll(signedIn.userId(), null);
        } else {
            sessions.end(signedIn.sessionId());
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/sessions")
    public SessionList sessions() {
        UserTokens.SignedIn signedIn = tokens.requireUser(request, caller.key());
        return SessionList.of(sessions.list(signedIn.userId()), signedIn.sessionId());
    }

    @GET
    @Path("/me")
    public MeView me() {
        VerifiedKey key = caller.key();
        return users.me(key, tokens.requireUser(request, key).userId());
    }

    private SignIns.Client client() {
        return SignIns.Client.of(request, clientAddress);
    }

    /** The body of a refresh; never logged: it holds a refresh token. */
    public record RefreshRequest(String refreshToken) {
        @Override
        public String toString() {
            return "RefreshRequest[token hidden]";
        }
    }

    public record LogoutRequest(Boolean all) {
    }

    private static Credentials require(Credentials credentials) {
        if (credentials == null) {
            throw ApiException.invalidRequest("the request body must be a JSON object {email, password}");
        }
        return credentials;
    }
}
