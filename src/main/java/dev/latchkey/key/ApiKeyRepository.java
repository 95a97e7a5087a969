package dev.latchkey.key;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    /**
     * A page of the application's keys in creation order, after the key {@code after} (null: from
     * the first); with an external id, only that owner's in the operator's system.
     */
    public List<ApiKey> page(UUID applicationId, String externalId, ApiKey after, int rows) {
        StringBuilder where = new StringBuilder("applicationId = :application");
        Parameters parameters = Parameters.with("application", applicationId);
        if (externalId != null) {
            where.append(" and externalId = :owner");
            parameters.and("owner", externalId);
        }
        if (after != null) {
            where.append(" and (createdAt > :created or (createdAt = :created and id > :id))");
            parameters.and("created", after.createdAt).and("id", after.id);
        }
        return find(where.toString(), Sort.by("createdAt").and("id"), parameters).page(0, rows).list();
    }

    public Optional<ApiKey> findInApplication(UUID applicationId, UUID keyId) {
        return find("id = ?1 and applicationId = ?2", keyId, applicationId).firstResultOptional();
    }

    /** The key, its row locked until the transaction ends: what a write reads before it changes a key. */
    public Optional<ApiKey> lockInApplication(UUID applicationId, UUID keyId) {
        return find("id = ?1 and applicationId = ?2", keyId, applicationId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    /** The application's current default key of a type and environment, locked like {@link #lockInApplication}. */
    public Optional<ApiKey> lockPrimary(UUID applicationId, Environment environment, KeyType type) {
        return find("applicationId = ?1 and environment = ?2 and type = ?3 and primary = true", applicationId, environment, type)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The id of the key stored under this keyed hash of this version, if any (no lock: a lookup before a locked write). */
    public Optional<UUID> idByHash(byte[] hash, int version) {
        return getEntityManager().createQuery("select k.id from ApiKey k where k.keyHash = :hash and k.hashVersion = :version", UUID.class)
                .setParameter("hash", hash).setParameter("version", version).getResultStream().findFirst();
    }

    /** The default keys of many applications in one query (listing pages). */
    public List<ApiKey> primariesOf(Collection<UUID> applicationIds) {
        return list("applicationId in ?1 and primary = true", applicationIds);
    }

    /** Keys that still count against an application's key budget. */
    public long countUnrevoked(UUID applicationId) {
        return count("applicationId = ?1 and revokedAt is null", applicationId);
    }

    /** The stored hashes of all the application's keys, for cache invalidation. */
    public List<byte[]> hashesOf(UUID applicationId) {
        return getEntityManager()
                .createQuery("select k.keyHash from ApiKey k where k.applicationId = :application", byte[].class)
                .setParameter("application", applicationId)
                .getResultList();
    }
}
