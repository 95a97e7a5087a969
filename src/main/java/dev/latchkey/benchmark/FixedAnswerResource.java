package dev.latchkey.benchmark;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.verification.KeySelfResource.KeySelf;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A benchmark fixture, not a feature: a route that needs no credential and answers what a warm
 * {@code GET /api/v1/keys/self} answers (the same record through the same JSON writer, the same
 * headers, a body of the same size), so that bench/run's scenario 1b measures everything but the
 * key check, and the ratio of scenario 2 to it measures the check alone.
 */
@Path("/api/v1/ping/answer")
public class FixedAnswerResource {

    /** Off in production unless bench/run turns it on: as if the route did not exist. */
    @ConfigProperty(name = "latchkey.benchmark.routes-enabled")
    boolean enabled;

    private static final KeySelf ANSWER = new KeySelf(UUID.fromString("0b5d4c1e-7f3a-4b8e-9c21-5a6d7e8f9a0b"), KeyType.SECRET,
            Environment.LIVE, UUID.fromString("3f2e1d0c-b9a8-4776-8554-433221100fed"), "bench", "default", null, null,
            Map.of("applications", "write", "keys", "read", "data", "write", "users", "write", "analytics", "write",
                    "audit", "write"),
            List.of("links:write", "links:read"), null, null);

    @GET
    @Operation(hidden = true) // a benchmark baseline, not part of the API
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Response answer() {
        if (!enabled) {
            throw new NotFoundException();
        }
        return Response.ok(ANSWER).header("RateLimit-Limit", 1_000_000_000).header("RateLimit-Remaining", 999_999_999)
                .header("RateLimit-Reset", 1).header("Vary", "Origin").build();
    }
}
