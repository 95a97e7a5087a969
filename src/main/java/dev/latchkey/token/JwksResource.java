package dev.latchkey.token;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /.well-known/jwks.json}: the public keys of the service's tokens, for offline verification. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    @Inject
    PublishedKeys keys;

    @GET
    @NonBlocking
    public Response jwks() {
        // short enough that a rotation is seen well within a token's lifetime
        return Response.ok(keys.jwks(), MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "public, max-age=300").build();
    }
}
