package dev.latchkey.webhook;

import java.net.URI;
import java.util.List;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationService;
import dev.latchkey.common.Page;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** An application's webhooks (CONTRACT section 9): register, list, delete, deliveries. */
@Path("/api/v1/applications/{id}/webhooks")
@Authenticated
public class WebhookResource {

    @Inject
    ApplicationService applications;

    @Inject
    WebhookService webhooks;

    @Inject
    AdminCaller caller;

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @POST
    @APIResponse(responseCode = "201", description = "The webhook, its secret shown this once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = WebhookView.class)))
    public Response register(@PathParam("id") String id, @NotNull @Valid WebhookRequest request) {
        Application app = applications.require(caller.scope(), id);
        WebhookView created = webhooks.register(app, request);
        return Response.created(URI.create("/api/v1/applications/" + app.id + "/webhooks/" + created.id())).entity(created).build();
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    public WebhookList list(@PathParam("id") String id) {
        return new WebhookList(webhooks.list(applications.require(caller.scope(), id)));
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @DELETE
    @Path("/{webhookId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("id") String id, @PathParam("webhookId") String webhookId) {
        webhooks.delete(applications.require(caller.scope(), id), webhookId);
        return Response.noContent().build();
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_WRITE)
    @POST
    @Path("/{webhookId}/rotate-secret")
    public WebhookService.RotatedSecret rotateSecret(@PathParam("id") String id, @PathParam("webhookId") String webhookId) {
        return webhooks.rotateSecret(applications.require(caller.scope(), id), webhookId);
    }

    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    @Path("/{webhookId}/deliveries")
    public Page<DeliveryView> deliveries(@PathParam("id") String id, @PathParam("webhookId") String webhookId,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        return webhooks.deliveries(applications.require(caller.scope(), id), webhookId, Page.limit(limit), after);
    }

    /** At most {@code latchkey.webhook.max-per-application} webhooks, so the list is not paged. */
    public record WebhookList(List<WebhookView> data) {
    }
}
