package dev.latchkey.key;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public List<ApiKey> listForApplication(UUID applicationId) {
        return list("applicationId", Sort.by("createdAt").and("id"), applicationId);
    }

    /** The application's keys held by one owner of the operator's system. */
    public List<ApiKey> listForExternalId(UUID applicationId, String externalId) {
        return list("applicationId = ?1 and externalId = ?2", Sort.by("createdAt").and("id"), applicationId, externalId);
    }

    /** The application's current default key of a type and environment. */
    public Optional<ApiKey> findPrimary(UUID applicationId, Environment environment, KeyType type) {
        return find("applicationId = ?1 and environment = ?2 and type = ?3 and primary = true",
                applicationId, environment, type).firstResultOptional();
    }

    public Optional<ApiKey> findInApplication(UUID applicationId, UUID keyId) {
        return find("id = ?1 and applicationId = ?2", keyId, applicationId).firstResultOptional();
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
    /** The key stored under this keyed hash, if any. */
    public Optional<ApiKey> findByHash(byte[] hash) {
        return find("keyHash", (Object) hash).firstResultOptional();
    }

    public List<byte[]> hashesOf(UUID applicationId) {
        return getEntityManager()
                .createQuery("select k.keyHash from ApiKey k where k.applicationId = :application", byte[].class)
                .setParameter("application", applicationId)
                .getResultList();
    }
}
