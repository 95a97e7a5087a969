package dev.latchkey.verification;

import java.util.HexFormat;
import java.util.List;

import dev.latchkey.application.Application;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.IpAllowlist;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.Permissions;
import dev.latchkey.verification.cache.CachedCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The key check's one database query: a key by its keyed hashes, with its application. */
@ApplicationScoped
public class KeyLookup {

    @Inject
    EntityManager entityManager;

    /** What PostgreSQL says of a key, and the hex of its hash as stored (null when unknown). */
    public record Loaded(CachedCheck check, String storedHash) {
    }

    @Transactional
    public Loaded byHashes(List<KeyHasher.VersionedHash> candidates) {
        List<Object[]> rows = entityManager.createQuery(
                        "select k, a from ApiKey k join Application a on a.id = k.applicationId where k.keyHash in :hashes",
                        Object[].class)
                .setParameter("hashes", candidates.stream().map(KeyHasher.VersionedHash::hash).toList())
                .setMaxResults(1)
                .getResultList();
        if (rows.isEmpty()) {
            return new Loaded(CachedCheck.UNKNOWN, null);
        }
        ApiKey key = (ApiKey) rows.getFirst()[0];
        if (!matches(key, candidates)) {
            return new Loaded(CachedCheck.UNKNOWN, null);
        }
        RateLimitSpec rateLimit = RateLimitSpec.ofStored(key.rateLimit, key.rateLimitWindowSeconds);
        VerifiedKey verified = new VerifiedKey(key.id, key.type, key.environment, Permissions.fromStored(key.permissions),
                key.expiresAt, rateLimit, key.scopes == null ? null : List.copyOf(key.scopes), ((Application) rows.getFirst()[1]).publicConfig(),
                key.name, key.meta, key.externalId, key.enabled, IpAllowlist.of(key.ipAllowlist),
                key.creditsRemaining == null ? null : new CreditsSpec(key.creditsRefillAmount, key.creditsRefillInterval, key.creditsVersion));
        return new Loaded(new CachedCheck(verified, key.revokedAt), HexFormat.of().formatHex(key.keyHash));
    }

    /** The index matched; confirm in constant time against the hash under the key's own secret version. */
    private static boolean matches(ApiKey key, List<KeyHasher.VersionedHash> candidates) {
        for (KeyHasher.VersionedHash candidate : candidates) {
            if (candidate.version() == key.hashVersion) {
                return KeyHasher.sameHash(candidate.hash(), key.keyHash);
            }
        }
        return false;
    }
}
