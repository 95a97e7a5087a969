package dev.latchkey.application;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.Authenticated;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** Rotation of an application's default secret (or publishable) key; the body is optional. */
@Path("/api/v1/settings/applications/{id}/rotate-secret")
@Authenticated
public class RotationResource {

    @Inject
    ApplicationService applications;

    @Inject
    KeyRotation rotation;

    @Inject
    AdminCaller caller;

    @PermissionsAllowed(CallerPermissions.KEYS_WRITE)
    @POST
    public RotationView rotate(@PathParam("id") String id, @Valid RotateRequest request) {
        Application app = applications.require(caller.scope(), id);
        return rotation.rotate(app, request == null ? new RotateRequest(null, null, null) : request);
    }
}
