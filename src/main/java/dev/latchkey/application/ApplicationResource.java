package dev.latchkey.application;

import java.net.URI;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.common.Page;
import io.quarkus.security.Authenticated;
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

@Path("/api/v1/applications")
@Authenticated
public class ApplicationResource {

    @Inject
    ApplicationService applications;

    @Inject
    AdminCaller caller;

    @POST
    public Response create(@NotNull @Valid ApplicationFields request) {
        ApplicationView created = applications.create(caller.scope("applications:write"), request);
        return Response.created(URI.create("/api/v1/applications/" + created.id())).entity(created).build();
    }

    @GET
    public Page<ApplicationView> list(@QueryParam("limit") String limit, @QueryParam("after") String after) {
        return applications.list(caller.scope("applications:read"), Page.limit(limit), after);
    }

    @GET
    @Path("/{id}")
    public ApplicationView get(@PathParam("id") String id) {
        return applications.view(applications.require(caller.scope("applications:read"), id));
    }

    @PATCH
    @Path("/{id}")
    public ApplicationView update(@PathParam("id") String id, @NotNull @Valid ApplicationFields request) {
        return applications.update(caller.scope("applications:write"), id, request);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        applications.delete(caller.scope("applications:write"), id);
        return Response.noContent().build();
    }
}
