package dev.latchkey.verification;

import io.quarkus.security.PermissionsAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * Test-only endpoints that declare permissions the way feature endpoints do, so the permission
 * outcomes of every kind of key can be checked before those features exist.
 */
@Path("/test-probe")
public class PermissionProbeResource {

    @GET
    @Path("/data")
    @PermissionsAllowed("data:read")
    public String readData() {
        return "read";
    }

    @POST
    @Path("/data")
    @PermissionsAllowed("data:write")
    public String writeData() {
        return "written";
    }

    @GET
    @Path("/analytics")
    @PermissionsAllowed("analytics:read")
    public String readAnalytics() {
        return "figures";
    }
}
