package dev.latchkey.verification;

import java.time.Instant;
import java.util.List;

import dev.latchkey.application.PublicConfig;
import dev.latchkey.common.ApiException;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The per-request key check, in the contract's order: shape and checksum (no I/O), then the
 * stored key by its keyed hash, then revocation, expiry and origin. Each failure is the
 * contract's error; nothing here ever repeats the key.
 */
@ApplicationScoped
public class KeyCheck {

    @Inject
    KeyHasher hasher;

    @Inject
    KeyLookup lookup;

    @Inject
    LastUsedRecorder lastUsed;

    /** Shape and checksum only: what the caller may know without any lookup. */
    public static ApiKeyFormat.ParsedKey parse(String value) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(value);
        if (parsed == null) {
            throw invalid();
        }
        return parsed;
    }

    /** The stored key behind a well-formed value, if it is live and (for publishable keys) the origin is allowed. */
    @Transactional
    public VerifiedKey verify(ApiKeyFormat.ParsedKey parsed, String origin) {
        List<KeyHasher.VersionedHash> candidates = hasher.candidates(parsed.value());
        KeyLookup.Found found = lookup.byHashes(candidates.stream().map(KeyHasher.VersionedHash::hash).toList());
        if (found == null || !matches(found.key(), candidates)) {
            throw invalid();
        }
        ApiKey key = found.key();
        Instant now = Timestamps.now();
        if (key.isRevokedAt(now)) {
            throw new ApiException(401, "api_key_revoked", "This API key has been revoked", null);
        }
        if (key.expiresAt != null && !now.isBefore(key.expiresAt)) {
            throw new ApiException(401, "api_key_expired", "This API key has expired", null);
        }
        PublicConfig application = PublicConfig.of(found.application());
        if (key.type == KeyType.PUBLISHABLE && !application.allowsOrigin(origin)) {
            throw new ApiException(403, "origin_not_allowed", "This origin is not allowed for the application", null);
        }
        lastUsed.used(key.id);
        return new VerifiedKey(key.id, key.type, key.environment, Permissions.fromStored(key.permissions),
                key.expiresAt, application);
    }

    /** The database matched by index; confirm in constant time against the hash of the key's own version. */
    private static boolean matches(ApiKey key, List<KeyHasher.VersionedHash> candidates) {
        for (KeyHasher.VersionedHash candidate : candidates) {
            if (candidate.version() == key.hashVersion) {
                return KeyHasher.sameHash(candidate.hash(), key.keyHash);
            }
        }
        return false;
    }

    static ApiException invalid() {
        return new ApiException(401, "invalid_api_key", "The API key is not valid", null);
    }
}
