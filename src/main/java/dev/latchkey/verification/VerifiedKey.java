package dev.latchkey.verification;

import java.time.Instant;
import java.util.UUID;

import dev.latchkey.application.PublicConfig;
import dev.latchkey.application.RateLimitSpec;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;

/** A key that passed the check: who it belongs to, what it may do, and its own rate limit (null: its environment's). Holds no secret. */
public record VerifiedKey(
        UUID keyId,
        KeyType type,
        Environment environment,
        Permissions permissions,
        Instant expiresAt,
        RateLimitSpec rateLimit,
        PublicConfig application) {

    public String tenantId() {
        return application.tenantId();
    }

    public UUID applicationId() {
        return application.applicationId();
    }
}
