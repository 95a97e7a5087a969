package dev.latchkey.benchmark;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A benchmark fixture, not a feature: a route that does nothing and needs no credential, the
 * baseline bench/run measures the key check against (scenario 1).
 */
@Path("/api/v1/ping")
public class NoOpBaselineResource {

    /** Off in production unless bench/run turns it on: as if the route did not exist. */
    @ConfigProperty(name = "latchkey.benchmark.routes-enabled")
    boolean enabled;

    @GET
    @Operation(hidden = true) // a benchmark baseline, not part of the API
    @NonBlocking
    public Response ping() {
        if (!enabled) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }
}
