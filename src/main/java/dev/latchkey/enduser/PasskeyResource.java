package dev.latchkey.enduser;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Ids;
import dev.latchkey.enduser.passkey.PasskeyOptions;
import dev.latchkey.enduser.passkey.Passkeys;
import dev.latchkey.enduser.passkey.WebAuthnChecks;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.ApiKeyOnly;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Passkeys of CONTRACT section 14: options for the browser's WebAuthn call, then its credential.
 * The page's Origin names the relying party, so these calls come from a page of an allowed origin.
 */
@Path("/api/userAuth/passkeys")
@ApiKeyOnly(CallerPermissions.USERS_READ)
public class PasskeyResource {

    @Inject
    KeyCaller caller;

    @Inject
    PasskeyFlows flows;

    @Inject
    UserTokens tokens;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddress clientAddress;

    @Inject
    ObjectMapper json;

    /** A credential as the browser's {@code PublicKeyCredential.toJSON()} gives it; a name for the user's list. */
    public record CredentialBody(@Schema(description = "PublicKeyCredential.toJSON() of the browser's answer") Map<String, Object> credential,
            @Schema(description = "A name the user gives a new passkey (at most 100 characters); default Passkey") String name) {
    }

    public record PasskeyList(List<Passkeys.PasskeyView> data) {
    }

    @POST
    @Path("/register/options")
    public PasskeyOptions.Creation registrationOptions() {
        VerifiedKey key = caller.key();
        return flows.registrationOptions(key, tokens.requireUser(request, key), request.getHeader("Origin"));
    }

    @POST
    @Path("/register")
    @APIResponse(responseCode = "201", description = "The passkey, registered",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Passkeys.PasskeyView.class)))
    public Response register(CredentialBody body) {
        VerifiedKey key = caller.key();
        UserTokens.SignedIn signedIn = tokens.requireUser(request, key);
        return Response.status(201).entity(flows.register(key, signedIn, credential(body), body.name())).build();
    }

    @POST
    @Path("/login/options")
    public PasskeyOptions.Request signInOptions() {
        return flows.signInOptions(caller.key(), request.getHeader("Origin"));
    }

    @POST
    @Path("/login")
    public SessionView signIn(CredentialBody body) {
        return flows.signIn(caller.key(), credential(body), SignIns.Client.of(request, clientAddress));
    }

    @GET
    public PasskeyList list() {
        VerifiedKey key = caller.key();
        return new PasskeyList(flows.list(tokens.requireUser(request, key)));
    }

    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "The passkey is removed: it signs no one in any more")
    public Response remove(@PathParam("id") String id) {
        VerifiedKey key = caller.key();
        flows.remove(key, tokens.requireUser(request, key), Ids.parse(id, "Passkey"));
        return Response.noContent().build();
    }

    /** The credential as JSON again, which webauthn4j reads in WebAuthn's own JSON form. */
    private String credential(CredentialBody body) {
        if (body == null || body.credential() == null) {
            throw WebAuthnChecks.malformed();
        }
        try {
            return json.writeValueAsString(body.credential());
        } catch (JsonProcessingException e) {
            throw WebAuthnChecks.malformed();
        }
    }
}
