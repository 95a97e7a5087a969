package dev.latchkey.verification;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import io.quarkus.security.Authenticated;
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
@Authenticated
public class VerifyResource {

    @Inject
    KeyCaller caller;

    @Inject
    KeyVerifier verifier;

    @POST
    public VerifyResult verify(@NotNull @Valid VerifyRequest request) {
        VerifiedKey key = caller.key();
        if (key.type() != KeyType.SECRET) {
            throw ApiException.forbidden("keys:read", "Verifying keys needs the application's secret key");
        }
        key.permissions().require(Permissions.Resource.KEYS, Permissions.Level.READ);
        return verifier.verify(key, request);
    }
}
