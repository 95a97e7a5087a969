package dev.latchkey.enduser.social;

import java.util.List;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationService;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** An application's sign-in providers per environment (CONTRACT section 14): admins only; secrets go in, never out. */
@Path("/api/v1/applications/{id}/auth-providers")
@Authenticated
public class AuthProviderResource {

    @Inject
    AdminCaller caller;

    @Inject
    ApplicationService applications;

    @Inject
    AuthProviders providers;

    @Inject
    AuditLog audit;

    public record ProviderList(List<AuthProviders.View> data) {
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    public ProviderList list(@PathParam("id") String id) {
        return new ProviderList(providers.list(applications.require(caller.scope(), id).id));
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @PUT
    @Path("/{environment}/{provider}")
    @Transactional
    @APIResponse(responseCode = "200", description = "The provider, replaced (never its secret)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuthProviders.View.class)))
    @APIResponse(responseCode = "201", description = "The provider, created (never its secret)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AuthProviders.View.class)))
    public Response put(@PathParam("id") String id, @PathParam("environment") String environment, @PathParam("provider") String provider,
            AuthProviders.Write write) {
        Application app = applications.require(caller.scope(), id);
        Environment chosen = environment(environment);
        boolean created = providers.put(app.id, chosen, provider, write);
        audit.record(created ? "auth_provider.create" : "auth_provider.update", app.tenantId, app.id,
                "auth_provider:" + chosen.wire() + ":" + provider);
        applications.configurationChanged(app, "auth_providers");
        AuthProviders.View view = providers.list(app.id).stream()
                .filter(shown -> shown.environment().equals(chosen.wire()) && shown.provider().equals(provider)).findFirst().orElseThrow();
        return Response.status(created ? 201 : 200).entity(view).build();
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @DELETE
    @Path("/{environment}/{provider}")
    @Transactional
    @APIResponse(responseCode = "204", description = "The provider is gone; its sign-ins are refused")
    public Response delete(@PathParam("id") String id, @PathParam("environment") String environment, @PathParam("provider") String provider) {
        Application app = applications.require(caller.scope(), id);
        Environment chosen = environment(environment);
        if (!providers.delete(app.id, chosen, provider)) {
            throw ApiException.notFound("Provider");
        }
        audit.record("auth_provider.delete", app.tenantId, app.id, "auth_provider:" + chosen.wire() + ":" + provider);
        applications.configurationChanged(app, "auth_providers");
        return Response.noContent().build();
    }

    private static Environment environment(String environment) {
        try {
            return Environment.fromWire(environment);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("environment must be live or test");
        }
    }
}
