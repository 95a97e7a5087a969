package dev.latchkey.embedded;

import java.util.Map;

import dev.latchkey.http.ApiException;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's one-click sign-in in dev mode: hands the dev admin token to a browser on this
 * machine. Compiled only with the embedded profile and kept only in the dev build: the packaged
 * service has no such path (ConsoleBrowserIT checks it answers 404 there).
 */
@Path("/console/dev-token")
@IfBuildProfile("dev")
public class DevConsoleSignIn {

    @Inject
    DevAdminToken token;

    @GET
    @Operation(hidden = true)
    public Map<String, String> token(@Context HttpServerRequest request) {
        if (!request.remoteAddress().hostAddress().startsWith("127.") && !"0:0:0:0:0:0:0:1".equals(request.remoteAddress().hostAddress())) {
            throw new ApiException(403, "insufficient_permissions", "The dev admin token is handed out on this machine only", null);
        }
        return Map.of("token", token.value());
    }
}
