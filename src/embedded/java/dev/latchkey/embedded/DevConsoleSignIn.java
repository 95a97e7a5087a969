package dev.latchkey.embedded;

import java.util.Map;
import java.util.Set;

import dev.latchkey.http.ApiException;
import io.quarkus.arc.profile.IfBuildProfile;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's one-click sign-in in dev mode: hands the dev admin token to the console, in a
 * browser on this machine. Compiled only with the embedded profile and kept only in the dev
 * build: the packaged service has no such path (ConsoleSignInBrowserIT asserts the 404 there, so that
 * moving this class into the service's own sources would fail).
 * <p>
 * Refused unless the connection comes from loopback, the Host is a loopback name (a page of
 * another site that rebinds its DNS name to 127.0.0.1 still sends its own name), and the browser
 * says the request comes from the console's own origin ({@code Sec-Fetch-Site: same-origin}).
 */
@Path("/console/dev-token")
@IfBuildProfile("dev")
public class DevConsoleSignIn {

    @Inject
    DevAdminToken token;

    @GET
    @Operation(hidden = true)
    public Map<String, String> token(@Context HttpServerRequest request) {
        String peer = request.remoteAddress().hostAddress();
        String host = request.authority() == null ? "" : request.authority().host();
        boolean local = (peer.startsWith("127.") || "0:0:0:0:0:0:0:1".equals(peer))
                && LOOPBACK_NAMES.contains(host)
                && "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
        if (!local) {
            throw new ApiException(403, "insufficient_permissions", "The dev admin token is handed to the console on this machine only", null);
        }
        String value = token.value();
        if (value == null) {
            throw ApiException.unavailable(1, "The dev admin token is being written; retry in a moment");
        }
        return Map.of("token", value);
    }

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
}
