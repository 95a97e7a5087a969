package dev.latchkey.verification;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.permission.CallerPermissions;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * {@code POST /api/v1/keys/verify}: an application's backend asks, with its own secret key
 * ({@code keys:read}), whether a key of the application may do something.
 */
@Path("/api/v1/keys/verify")
@ApiKeyOnly(CallerPermissions.KEYS_READ)
public class VerifyResource {

    @Inject
    KeyCaller caller;

    @Inject
    KeyVerifier verifier;

    /** The application's secret key holding {@code keys:read} (every unrestricted one does). */
    @POST
    public Uni<VerifyResult> verify(@NotNull @Valid VerifyRequest request) {
        return verifier.verify(caller.key(), request);
    }
}
