package dev.latchkey.verification;

import dev.latchkey.permission.CallerPermissions;
import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoints that declare permissions the way feature endpoints do, so the permission
 * outcomes of every kind of key can be checked before those features exist: key-plane endpoints
 * with {@code @ApiKeyOnly} ({@code /data}), endpoints an admin may call too with
 * {@code @PermissionsAllowed} ({@code /analytics}).
 */
@Path("/test-probe")
public class PermissionProbeResource {

    @GET
    @Operation(hidden = true)
    @Path("/data")
    @ApiKeyOnly(CallerPermissions.DATA_READ)
    public String readData() {
        return "read";
    }

    @POST
    @Operation(hidden = true)
    @Path("/data")
    @ApiKeyOnly(CallerPermissions.DATA_WRITE)
    public String writeData() {
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
