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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/applications")
@Authenticated
public class ApplicationResource {

    @Inject
    ApplicationService applications;

    @Inject
    AdminCaller caller;

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @POST
    @APIResponse(responseCode = "201", description = "The application and its four keys, secrets shown this once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApplicationView.class)))
    public Response create(@NotNull @Valid ApplicationFields request) {
        ApplicationView created = applications.create(caller.scope(), request);
        return Response.created(URI.create("/api/v1/applications/" + created.id())).entity(created).build();
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    public Page<ApplicationView> list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        return applications.list(caller.scope(), Page.limit(limit), after);
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    @Path("/{id}")
    public ApplicationView get(@PathParam("id") String id) {
        return applications.view(applications.require(caller.scope(), id));
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @PATCH
    @Path("/{id}")
    public ApplicationView update(@PathParam("id") String id, @NotNull @Valid ApplicationFields request) {
        return applications.update(caller.scope(), id, request);
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @DELETE
    @Path("/{id}")
    @APIResponse(responseCode = "204", description = "Deleted: every key stopped")
    public Response delete(@PathParam("id") String id) {
        applications.delete(caller.scope(), id);
        return Response.noContent().build();
    }
}
