package dev.latchkey.console;

import java.net.URI;
import java.util.Locale;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The console's two dynamic answers; the application itself is static files
 * (META-INF/resources/console) that call only the public API.
 */
@Path("/console")
public class ConsoleResource {

    @Inject
    ConsoleConfig config;

    /** What the sign-in page offers; nothing here is secret (a PKCE client has no secret). */
    @RegisterForReflection
    public record ConsoleSettings(Oidc oidc, boolean devSignIn) {

        @RegisterForReflection
        public record Oidc(String issuer, String clientId, String scopes, String token, String name) {
        }
    }

    /** /console answers the application at /console/, whose relative links need the slash. */
    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.status(Response.Status.FOUND).location(URI.create("/console/")).build();
    }

    @GET
    @Path("/config.json")
    @Operation(hidden = true)
    public ConsoleSettings settings() {
        ConsoleConfig.Oidc oidc = config.oidc();
        ConsoleSettings.Oidc provider = oidc.issuer().isPresent() && oidc.clientId().isPresent()
                ? new ConsoleSettings.Oidc(oidc.issuer().get(), oidc.clientId().get(), oidc.scopes(),
                        oidc.token().name().toLowerCase(Locale.ROOT), oidc.name())
                : null;
        return new ConsoleSettings(provider, config.devSignIn());
    }
}
