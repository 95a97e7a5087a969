package dev.latchkey.verification;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.PermissionsAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoints that declare permissions the way feature endpoints do, so the permission
 * outcomes of every kind of key can be checked before those features exist: endpoints only a key
 * calls ask {@link CallerPermissions#require} ({@code /data}), endpoints an admin may call too
 * declare {@code @PermissionsAllowed} ({@code /analytics}).
 */
@Path("/test-probe")
public class PermissionProbeResource {

    @Inject
    KeyCaller caller;

    @GET
    @Operation(hidden = true)
    @Path("/data")
    @ApiKeyOnly
    public String readData() {
        CallerPermissions.require(caller.key(), CallerPermissions.DATA_READ);
        return "read";
    }

    @POST
    @Operation(hidden = true)
    @Path("/data")
    @ApiKeyOnly
    public String writeData() {
        CallerPermissions.require(caller.key(), CallerPermissions.DATA_WRITE);
        return "written";
    }

    @GET
    @Operation(hidden = true)
    @Path("/analytics")
    @PermissionsAllowed(CallerPermissions.ANALYTICS_READ)
    public String readAnalytics() {
        return "figures";
    }
}
