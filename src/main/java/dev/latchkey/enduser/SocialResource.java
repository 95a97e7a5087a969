package dev.latchkey.enduser;

import java.net.URI;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ServiceUrl;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyType;
import dev.latchkey.permission.CallerPermissions;
import dev.latchkey.verification.Admission;
import dev.latchkey.verification.ApiKeyAuthenticationMechanism;
import dev.latchkey.verification.ApiKeyOnly;
import dev.latchkey.verification.KeyAdmission;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Social sign-in (CONTRACT section 14). Authorize and callback are browser navigations: the
 * publishable key comes in the query (no header can be sent), and both answer 302.
 */
@Path("/api/userAuth/oauth")
public class SocialResource {

    @Inject
    SocialSignIns social;

    @Inject
    KeyAdmission admission;

    @Inject
    ClientAddress clientAddress;

    @Inject
    KeyCaller caller;

    @Inject
    ServiceUrl serviceUrl;

    public record ExchangeBody(String code, String codeVerifier) {
        @Override
        public String toString() {
            return "ExchangeBody[hidden]";
        }
    }

    @GET
    @Path("/{provider}/authorize")
    @APIResponse(responseCode = "302", description = "To the provider, with Latchkey's own state, nonce and PKCE")
    public Response authorize(@PathParam("provider") String provider, @QueryParam("publishable_key") String publishableKey,
            @QueryParam("redirect_to") String redirectTo, @QueryParam("code_challenge") String codeChallenge,
            @Context RoutingContext context) {
        VerifiedKey key = publishable(publishableKey, context);
        return Response.status(302).location(social.authorize(key, provider, redirectTo, codeChallenge,
                serviceUrl.of(context.request()))).build();
    }

    @GET
    @Path("/callback")
    @APIResponse(responseCode = "302", description = "Back to the page's redirect_to, with latchkey_code (or error)")
    public Response callback(@QueryParam("state") String state, @QueryParam("code") String code, @QueryParam("error") String error,
            @Context RoutingContext context) {
        return Response.status(302).location(social.callback(state, code, error,
                SocialSignIns.callbackOf(serviceUrl.of(context.request())))).build();
    }

    @ApiKeyOnly(CallerPermissions.USERS_READ)
    @POST
    @Path("/exchange")
    @APIResponse(responseCode = "200", description = "Signed in, or an MFA challenge",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    @APIResponse(responseCode = "201", description = "Signed in; the user was created by this sign-in",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SignInAnswer.class)))
    public Response exchange(ExchangeBody body, @Context RoutingContext context) {
        if (body == null) {
            throw ApiException.invalidRequest("the request body must be a JSON object {code, code_verifier}");
        }
        SocialSignIns.Exchanged exchanged = social.exchange(caller.key(), body.code(), body.codeVerifier(),
                SignIns.Client.of(context.request(), clientAddress));
        return Response.status(exchanged.answer().status(exchanged.created() ? 201 : 200)).entity(exchanged.answer()).build();
    }

    /** A publishable key from the query, admitted as any key is; a secret key never belongs in a URL. */
    private VerifiedKey publishable(String presented, RoutingContext context) {
        ApiKeyFormat.ParsedKey parsed = presented == null ? null : ApiKeyFormat.parse(presented.trim());
        if (parsed == null) {
            throw new ApiException(401, "missing_credentials", "publishable_key: the application's publishable key is required", null);
        }
        VerifiedKey key = admission.admitBlocking(ApiKeyAuthenticationMechanism.admissionRequest(context, parsed, clientAddress, serviceUrl))
                .orThrow().key();
        if (key.type() != KeyType.PUBLISHABLE) {
            throw new ApiException(401, "invalid_api_key", "publishable_key: must be a publishable key (pk_): a secret key never"
                    + " belongs in a URL; revoke this one", null);
        }
        return key;
    }

}
