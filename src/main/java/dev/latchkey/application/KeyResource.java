package dev.latchkey.application;

import java.net.URI;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.latchkey.admin.AdminCaller;
import dev.latchkey.common.Ids;
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

/** An application's keys: list, extra secret keys, name and rate-limit changes, revoke. */
@Path("/api/v1/applications/{id}/keys")
@Authenticated
public class KeyResource {

    @Inject
    ApplicationService applications;

    @Inject
    ApplicationKeys keys;

    @Inject
    AdminCaller caller;

    /**
     * With {@code external_id}, only the keys of that owner in the operator's system. Paged like
     * every listing ({@code limit}, {@code after}, {@code next}), but {@code limit} defaults to the
     * largest page, 200: an application holds at most 100 unrevoked keys, so without revoked ones
     * piling up the first page holds them all, as before paging.
     */
    @PermissionsAllowed(CallerPermissions.KEYS_READ)
    @GET
    public Page<KeyView> list(@PathParam("id") String id, @QueryParam("external_id") String externalId,
            @QueryParam("limit") String limit, @QueryParam("after") String after) {
        Application app = applications.require(caller.scope(), id);
        String owner = externalId == null ? null : KeyFields.externalId(TextNode.valueOf(externalId));
        int size = limit == null ? Page.MAX_LIMIT : Page.limit(limit);
        return keys.list(app, owner, size, after).map(shown -> shown.stream().map(KeyView::of).toList());
    }

    @PermissionsAllowed(CallerPermissions.KEYS_WRITE)
    @POST
    @APIResponse(responseCode = "201", description = "The key, its secret shown this once", content = @Content(mediaType = "application/json", schema = @Schema(implementation = KeyView.class)))
    public Response create(@PathParam("id") String id, @NotNull @Valid KeyRequest request) {
        Application app = applications.require(caller.scope(), id);
        KeyView created = keys.createSecret(app, request);
        return Response.created(URI.create("/api/v1/applications/" + app.id + "/keys/" + created.id()))
                .entity(created).build();
    }

    @PermissionsAllowed(CallerPermissions.KEYS_WRITE)
    @PATCH
    @Path("/{keyId}")
    public KeyView update(@PathParam("id") String id, @PathParam("keyId") String keyId, @NotNull @Valid KeyUpdate request) {
        Application app = applications.require(caller.scope(), id);
        return KeyView.of(keys.update(app, Ids.parse(keyId, "Key"), request));
    }

    @PermissionsAllowed(CallerPermissions.KEYS_WRITE)
    @DELETE
    @Path("/{keyId}")
    public KeyView revoke(@PathParam("id") String id, @PathParam("keyId") String keyId) {
        Application app = applications.require(caller.scope(), id);
        return KeyView.of(keys.revoke(app, Ids.parse(keyId, "Key")));
    }
}
