package dev.latchkey.enduser;

import java.util.List;
import java.util.UUID;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.mfa.TotpFactors;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyOnly;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * TOTP multi-factor of CONTRACT section 14. Enrolment and confirmation take the signed-in user's
 * token, or the challenge token of a sign-in that must enrol first ({@code enroll: true}).
 */
@Path("/api/userAuth/mfa")
@ApiKeyOnly(CallerPermissions.USERS_READ)
public class MfaResource {

    @Inject
    KeyCaller caller;

    @Inject
    MfaFlows flows;

    @Inject
    UserTokens tokens;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    public record EnrollBody(String challengeToken) {
        @Override
        public String toString() {
            return "EnrollBody[hidden]";
        }
    }

    public record CodeBody(String code, String challengeToken) {
        @Override
        public String toString() {
            return "CodeBody[hidden]";
        }
    }

    public record RecoveryCodesView(List<String> recoveryCodes) {
        @Override
        public String toString() {
            return "RecoveryCodesView[hidden]";
        }
    }

    @POST
    @Path("/totp/enroll")
    public TotpFactors.Enrolment enroll(EnrollBody body) {
        VerifiedKey key = caller.key();
        String challenge = body == null ? null : body.challengeToken();
        MfaFlows.Enroller enroller = challenge != null ? flows.enrollerOf(key, challenge)
                : new MfaFlows.Enroller(tokens.requireUser(request, key).userId(), null);
        return flows.enroll(key, enroller);
    }

    @POST
    @Path("/totp/confirm")
    public RecoveryCodesView confirm(CodeBody body) {
        VerifiedKey key = caller.key();
        CodeBody given = body == null ? new CodeBody(null, null) : body;
        UUID signedInUser = given.challengeToken() == null ? tokens.requireUser(request, key).userId() : null;
        return new RecoveryCodesView(flows.confirm(key, signedInUser, given.challengeToken(), given.code()));
    }

    @POST
    @Path("/verify")
    public SessionView verify(CodeBody body) {
        if (body == null || body.challengeToken() == null) {
            throw ApiException.invalidRequest("challenge_token: is required");
        }
        return flows.verify(caller.key(), body.challengeToken(), body.code(),
                SignIns.Client.of(request, clientAddress));
    }

    @DELETE
    @Path("/totp")
    @APIResponse(responseCode = "204", description = "The TOTP factor and its recovery codes are gone")
    public Response remove() {
        flows.remove(tokens.requireUser(request, caller.key()));
        return Response.noContent().build();
    }
}
