package dev.latchkey.verification;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.caller.Branding;
import dev.latchkey.caller.PublicConfig;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.http.ServiceUrl;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.ratelimit.RequestLimits;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/auth/identify}: a publishable key loads its application's public
 * configuration. The answer carries an ETag that changes with the configuration, and
 * {@code If-None-Match} with the current one answers 304.
 */
@Path("/api/v1/auth/identify")
public class IdentifyResource {

    @Inject
    KeyAdmission admission;

    @Inject
    RequestLimits limits;

    @Inject
    ClientAddress clientAddress;

    @Inject
    ServiceUrl serviceUrl;

    /** On the event loop: a warm key (and a budget this instance decides alone) is answered without leaving it. */
    @POST
    @APIResponse(responseCode = "200", description = "The public configuration", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Identity.class)))
    @APIResponse(responseCode = "304", description = "Not modified since the ETag sent in If-None-Match")
    public Uni<Response> identify(IdentifyRequest request, @Context HttpServerRequest http, @Context RoutingContext context) {
        if (request == null || request.publishableKey() == null || request.publishableKey().isBlank()) {
            throw new ApiException(401, "missing_credentials", "publishable_key is required", null);
        }
        String address = clientAddress.of(http);
        return limits.admitAddressAsync("identify", address, limits.settings().identifyPerAddress())
                .flatMap(addressAdmitted -> judge(request.publishableKey().trim(), address, http, context))
                .map(admitted -> answer(admitted, http));
    }

    private Uni<Admission> judge(String presented, String address, HttpServerRequest http, RoutingContext context) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(presented);
        if (parsed == null) {
            return Uni.createFrom().failure(Admission.invalid().failure());
        }
        return admission.admit(AdmissionRequest.identifying(parsed, serviceUrl.foreignOrigin(http),
                ApiKeyAuthenticationMechanism.fromBrowser(http), address, context)).uni();
    }

    private static Response answer(Admission admitted, HttpServerRequest http) {
        VerifiedKey key = admitted.orThrow().key();
        PublicConfig app = key.application();
        EntityTag tag = new EntityTag(app.applicationId() + "." + key.environment().wire() + "." + app.configVersion());
        String ifNoneMatch = http.getHeader("If-None-Match");
        if (ifNoneMatch != null && ifNoneMatch.contains(tag.toString())) {
            return Response.notModified(tag).build();
        }
        return Response.ok(Identity.of(key)).tag(tag).build();
    }

    public record IdentifyRequest(String publishableKey) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Identity(String tenantId, UUID applicationId, String appName, Environment environment,
            List<String> authMethods, String emailVerification, Branding branding, boolean mfaRequired,
            List<String> allowedOrigins, List<String> socialProviders) {

        static Identity of(VerifiedKey key) {
            PublicConfig app = key.application();
            return new Identity(app.tenantId(), app.applicationId(), app.name(), key.environment(),
                    app.authMethods(), app.emailVerification(), app.branding(), app.mfaRequired(), app.allowedOrigins(),
                    app.socialProvidersOf(key.environment().wire()));
        }
    }
}
