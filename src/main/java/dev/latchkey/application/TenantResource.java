package dev.latchkey.application;

import java.net.URI;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.common.Page;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/tenants")
@Authenticated
public class TenantResource {

    @Inject
    TenantService tenants;

    @Inject
    AdminCaller caller;

    @PermissionsAllowed(CallerPermissions.TENANTS_READ)
    @GET
    public Page<TenantView> list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        return tenants.list(caller.scope(), Page.limit(limit), after);
    }

    @PermissionsAllowed(CallerPermissions.TENANTS_WRITE)
    @POST
    @APIResponse(responseCode = "201", description = "The tenant", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantView.class)))
    public Response create(@NotNull @Valid TenantRequest request) {
        Tenant tenant = tenants.create(request);
        return Response.created(URI.create("/api/v1/tenants/" + tenant.id)).entity(TenantView.of(tenant)).build();
    }
}
