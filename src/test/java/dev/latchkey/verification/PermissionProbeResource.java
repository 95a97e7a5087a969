package dev.latchkey.verification;

import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Test-only endpoints that declare permissions the way feature endpoints do, so the permission
 * outcomes of every kind of key can be checked before those features exist.
 */
@Path("/test-probe")
public class PermissionProbeResource {

    @GET
    @Operation(hidden = true)
    @Path("/data")
    @PermissionsAllowed("data:read")
    public String readData() {
        return "read";
    }

    @POST
    @Operation(hidden = true)
    @Path("/data")
    @PermissionsAllowed("data:write")
    public String writeData() {
        return "written";
    }

    @GET
    @Operation(hidden = true)
    @Path("/analytics")
    @PermissionsAllowed("analytics:read")
    public String readAnalytics() {
        return "figures";
    }
}
