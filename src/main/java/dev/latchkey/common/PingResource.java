package dev.latchkey.common;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** A route that does nothing and needs no credential: the baseline the key check is measured against. */
@Path("/api/v1/ping")
public class PingResource {

    @GET
    @NonBlocking
    public Response ping() {
        return Response.noContent().build();
    }
}
