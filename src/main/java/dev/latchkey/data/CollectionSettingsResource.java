package dev.latchkey.data;

import java.util.List;

import dev.latchkey.application.ApplicationAccess;
import dev.latchkey.common.Page;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/**
 * Collection settings, by an admin token (both environments, or the one named) or by the
 * application's own secret key with {@code data:write} (its own environment only: a test key
 * never changes how live data is guarded).
 */
@Path("/api/v1/applications/{id}/collections")
@Authenticated
public class CollectionSettingsResource {

    @Inject
    ApplicationAccess access;

    @Inject
    CollectionSettingsService collections;

    /** Every configured collection of the application, per environment the caller reaches. */
    @PermissionsAllowed(CallerPermissions.APPLICATIONS_READ)
    @GET
    public Page<CollectionRow> list(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("after") String after) {
        ApplicationAccess.Reach reach = access.require(id);
        return collections.list(reach.applicationId(), reach.environments(), Page.limit(limit), after);
    }

    @PermissionsAllowed(CallerPermissions.DATA_WRITE)
    @PUT
    @Path("/{name}")
    public CollectionView put(@PathParam("id") String id, @PathParam("name") String name, CollectionSettings settings) {
        ApplicationAccess.Reach reach = access.require(id);
        List<Environment> environments = reach.environments();
        if (settings != null && settings.environment() != null) {
            if (!environments.contains(settings.environment())) {
                throw ApiException.forbidden(CallerPermissions.DATA_WRITE, "A key changes the collections of its own environment only");
            }
            environments = List.of(settings.environment());
        }
        return collections.update(reach.tenantId(), reach.applicationId(), environments, name, settings);
    }
}
