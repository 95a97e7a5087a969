package dev.latchkey.verification;

import java.time.Instant;
import java.util.UUID;

import dev.latchkey.application.PublicConfig;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;

/** A key that passed the check: who it belongs to and what it may do. Holds no secret. */
public record VerifiedKey(
        UUID keyId,
        KeyType type,
        Environment environment,
        Permissions permissions,
        Instant expiresAt,
        PublicConfig application) {

    public String tenantId() {
        return application.tenantId();
    }

    public UUID applicationId() {
        return application.applicationId();
    }
}
