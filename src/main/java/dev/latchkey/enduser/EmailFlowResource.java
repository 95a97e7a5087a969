package dev.latchkey.enduser;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ServiceUrl;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyOnly;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The e-mail flows of CONTRACT section 13 for the key's application and environment. Each 202 is
 * {@code {success: true}} whatever the address, so none tells whether an account exists.
 */
@Path("/api/userAuth")
@ApiKeyOnly
public class EmailFlowResource {

    @Inject
    KeyCaller caller;

    @Inject
    EmailFlows flows;

    @Inject
    UserTokens tokens;

    @Inject
    HttpServerRequest request;

    @Inject
    ServiceUrl serviceUrl;

    @Inject
    ClientAddress clientAddress;

    public record TokenBody(String token) {
        @Override
        public String toString() {
            return "TokenBody[token hidden]";
        }
    }

    public record ForgotBody(String email, String redirectTo) {
    }

    public record ResetBody(String token, String password) {
        @Override
        public String toString() {
            return "ResetBody[hidden]";
        }
    }

    public record MagicLinkBody(String email, String redirectTo, Boolean createUser) {
    }

    public record Accepted(boolean success) {
    }

    @POST
    @Path("/email/verify/send")
    @APIResponse(responseCode = "202", description = "A verification link is on its way (unless the address is verified)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    public Response sendVerification() {
        VerifiedKey key = caller.key();
        flows.sendVerification(key, tokens.requireUser(request, key).userId(), clientAddress.of(request));
        return accepted();
    }

    @POST
    @Path("/email/verify")
    public VerifiedEmailView verify(TokenBody body) {
        return new VerifiedEmailView(true, flows.verify(caller.key(), token(body == null ? null : body.token())));
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/password/forgot")
    @APIResponse(responseCode = "202", description = "If the address has an account, a reset link is on its way",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    public Response forgotPassword(ForgotBody body) {
        if (body == null) {
            throw ApiException.invalidRequest("the request body must be a JSON object {email, redirect_to?}");
        }
        flows.forgotPassword(caller.key(), body.email(), body.redirectTo(), serviceUrl.configured().orElse(null), clientAddress.of(request));
        return accepted();
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/password/reset")
    public SignInAnswer resetPassword(ResetBody body) {
        if (body == null) {
            throw ApiException.invalidRequest("the request body must be a JSON object {token, password}");
        }
        return flows.resetPassword(caller.key(), token(body.token()), body.password(), client());
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/magic-link")
    @APIResponse(responseCode = "202", description = "A sign-in link is on its way (if the address may have one)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    public Response magicLink(MagicLinkBody body) {
        if (body == null) {
            throw ApiException.invalidRequest("the request body must be a JSON object {email, redirect_to?, create_user?}");
        }
        flows.magicLink(caller.key(), body.email(), body.redirectTo(), body.createUser(), serviceUrl.configured().orElse(null),
                clientAddress.of(request));
        return accepted();
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/magic-link/verify")
    @APIResponse(responseCode = "200", description = "Signed in",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    @APIResponse(responseCode = "201", description = "Signed in; the user was created by this link",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SessionView.class)))
    public Response verifyMagicLink(TokenBody body) {
        EmailFlows.MagicSignIn signIn = flows.verifyMagicLink(caller.key(), token(body == null ? null : body.token()), client());
        return Response.status(signIn.answer().status(signIn.created() ? 201 : 200)).entity(signIn.answer()).build();
    }

    private SignIns.Client client() {
        return SignIns.Client.of(request, clientAddress);
    }

    private static String token(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.invalidRequest("token: is required");
        }
        return token;
    }

    private static Response accepted() {
        return Response.accepted(new Accepted(true)).build();
    }
}
