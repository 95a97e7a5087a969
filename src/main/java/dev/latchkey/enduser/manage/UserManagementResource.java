package dev.latchkey.enduser.manage;

import java.util.Locale;

import dev.latchkey.application.ApplicationAccess;
import dev.latchkey.common.Ids;
import dev.latchkey.common.Page;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * An application's end users, for an admin token or the application's own secret key with
 * {@code users:read} / {@code users:write} (its own environment only). CONTRACT section 13.
 */
@Path("/api/v1/applications/{id}/users")
@Authenticated
public class UserManagementResource {

    @Inject
    ApplicationAccess access;

    @Inject
    UserDirectory directory;

    /** {@code environment} defaults to the key's own, and to live for an admin token. */
    @PermissionsAllowed(CallerPermissions.USERS_READ)
    @GET
    public Page<ManagedUserView> list(@PathParam("id") String id, @QueryParam("environment") String environment,
            @QueryParam("email") String emailPrefix, @QueryParam("limit") String limit, @QueryParam("after") String after) {
        UserDirectory.Partition partition = partition(id, environment);
        String prefix = emailPrefix == null ? null : emailPrefix.trim().toLowerCase(Locale.ROOT);
        return directory.list(partition, prefix, Page.limit(limit), cursor(after));
    }

    @PermissionsAllowed(CallerPermissions.USERS_READ)
    @GET
    @Path("/{userId}")
    public ManagedUserView get(@PathParam("id") String id, @PathParam("userId") String userId) {
        return directory.view(directory.require(access.require(id), Ids.parse(userId, "User")));
    }

    /** A disabled user's sessions end before this answers; its sign-ins answer 403 user_disabled. */
    @PermissionsAllowed(CallerPermissions.USERS_WRITE)
    @PATCH
    @Path("/{userId}")
    public ManagedUserView update(@PathParam("id") String id, @PathParam("userId") String userId,
            @NotNull @Valid UserUpdate update) {
        return directory.view(directory.setDisabled(access.require(id), Ids.parse(userId, "User"), update.disabled()));
    }

    /** Erases the user, its sessions and pending links; with {@code documents=delete} the documents it owns too. */
    @PermissionsAllowed(CallerPermissions.USERS_WRITE)
    @DELETE
    @Path("/{userId}")
    @APIResponse(responseCode = "204", description = "The user is erased")
    public Response delete(@PathParam("id") String id, @PathParam("userId") String userId,
            @QueryParam("documents") String documents) {
        if (documents != null && !documents.equals("delete") && !documents.equals("keep")) {
            throw ApiException.invalidRequest("documents must be delete or keep (the default)");
        }
        directory.delete(access.require(id), Ids.parse(userId, "User"), "delete".equals(documents));
        return Response.noContent().build();
    }

    @PermissionsAllowed(CallerPermissions.USERS_WRITE)
    @POST
    @Path("/{userId}/sign-out")
    @APIResponse(responseCode = "204", description = "Every session of the user has ended")
    public Response signOut(@PathParam("id") String id, @PathParam("userId") String userId) {
        directory.signOut(access.require(id), Ids.parse(userId, "User"));
        return Response.noContent().build();
    }

    private static java.util.UUID cursor(String after) {
        try {
            return after == null ? null : java.util.UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("after must be a cursor from a previous page's next");
        }
    }

    private UserDirectory.Partition partition(String id, String environment) {
        ApplicationAccess.Reach reach = access.require(id);
        Environment chosen;
        try {
            chosen = environment == null ? reach.environments().getFirst() : Environment.fromWire(environment);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("environment must be live or test");
        }
        if (!reach.environments().contains(chosen)) {
            throw ApiException.forbidden(null, "This key reaches only its own environment, " + reach.environments().getFirst().wire());
        }
        return new UserDirectory.Partition(reach, chosen);
    }
}
