package dev.latchkey.verification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Introspection: what the calling key is and may do. */
@Path("/api/v1/keys/self")
public class KeySelfResource {

    @Inject
    KeyCaller caller;

    @GET
    public KeySelf self() {
        VerifiedKey key = caller.key();
        return new KeySelf(key.type(), key.environment(), key.applicationId(), key.tenantId(),
                key.permissions().toMap(), key.expiresAt());
    }

    public record KeySelf(KeyType type, Environment environment, UUID applicationId, String tenantId,
            Map<String, String> permissions, Instant expiresAt) {
    }
}
