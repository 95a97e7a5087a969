package dev.latchkey.application;

import java.time.Instant;
import java.util.Map;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.ApiKeyRepository;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyMinter;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Replaces an environment's default secret key, or its publishable key (an abused one is replaced
 * without deleting the application). The old key keeps working for the grace period, never beyond
 * its own expiry; with no grace it stops now, on every instance before the answer. The new key
 * keeps everything said about the old one: name, permissions, limits, scopes, meta, external id,
 * address allowlist, whether it is enabled (a rotation never re-enables a suspended key) and its
 * credits, which move to it ({@link KeyFields#moveCredits}).
 */
@ApplicationScoped
@Transactional
public class KeyRotation {

    @Inject
    ApiKeyRepository keys;

    @Inject
    ApplicationRepository applications;

    @Inject
    KeyMinter minter;

    @Inject
    AuditLog audit;

    @Inject
    Outbox outbox;

    /** Rotations of one application wait for each other. */
    public RotationView rotate(Application app, RotateRequest request) {
        // two rotations at once would both retire the same primary and insert a new one each
        if (!applications.lock(app.id)) {
            throw ApiException.notFound("Application"); // deleted meanwhile
        }
        Environment environment = request.environmentOrDefault();
        KeyType type = request.typeOrDefault();
        ApiKey old = keys.lockPrimary(app.id, environment, type)
                .orElseThrow(() -> ApiException.notFound(type == KeyType.SECRET ? "Secret key" : "Publishable key"));
        Instant end = Timestamps.now().plusSeconds(request.graceOrDefault());
        if (old.expiresAt != null && old.expiresAt.isBefore(end)) {
            end = old.expiresAt;
        }
        if (old.revokedAt != null && old.revokedAt.isBefore(end)) {
            end = old.revokedAt;
        }
        old.primary = false;
        old.revokedAt = end;
        // the partial unique index allows one primary key: retire the old one before inserting
        keys.flush();

        KeyMinter.Minted minted = minter.mint(app.id, environment, type, old.name, Permissions.fromStored(old.permissions));
        ApiKey fresh = minted.key();
        fresh.primary = true;
        fresh.rateLimit = old.rateLimit;
        fresh.rateLimitWindowSeconds = old.rateLimitWindowSeconds;
        fresh.scopes = old.scopes;
        fresh.meta = old.meta;
        fresh.externalId = old.externalId;
        fresh.enabled = old.enabled;
        fresh.ipAllowlist = old.ipAllowlist;
        KeyFields.moveCredits(old, fresh, Timestamps.now());
        keys.persist(fresh);
        old.replacedBy = fresh.id;
        audit.record("key.rotate", app.tenantId, app.id, "key:" + old.id);
        outbox.keyEvent(EventType.KEY_ROTATED, app.tenantId, old,
                Map.of("new_key", Outbox.KeySummary.of(fresh), "grace_ends_at", end), true);
        return type == KeyType.SECRET ? new RotationView(minted.value(), null, fresh.createdAt, end)
                : new RotationView(null, minted.value(), fresh.createdAt, end);
    }
}
