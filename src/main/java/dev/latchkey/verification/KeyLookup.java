package dev.latchkey.verification;

import java.util.List;

import dev.latchkey.application.Application;
import dev.latchkey.key.ApiKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The key check's one database query: a key by its keyed hashes, with its application. */
@ApplicationScoped
public class KeyLookup {

    @Inject
    EntityManager entityManager;

    public record Found(ApiKey key, Application application) {
    }

    /** The key stored under any of these hashes (one per hashing-secret version), if any. */
    public Found byHashes(List<byte[]> hashes) {
        List<Object[]> rows = entityManager.createQuery(
                        "select k, a from ApiKey k join Application a on a.id = k.applicationId where k.keyHash in :hashes",
                        Object[].class)
                .setParameter("hashes", hashes)
                .setMaxResults(1)
                .getResultList();
        return rows.isEmpty() ? null : new Found((ApiKey) rows.getFirst()[0], (Application) rows.getFirst()[1]);
    }
}
