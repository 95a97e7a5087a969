package dev.latchkey.quota;

import java.util.List;
import java.util.UUID;

import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Per-application storage quotas. PostgreSQL counts what each environment stores (V11's triggers,
 * in the writing transaction, holding the environment's usage row until it commits); a write that
 * grew it asks here, in its own transaction after flushing, whether it went past a quota, and is
 * refused with 403 {@code quota_exceeded} (rolled back: nothing stored) when it did. Only the
 * counters a write grew are checked, so with a quota lowered below what is stored, deletes,
 * shrinking updates and changes to existing collections still go through. Concurrent
 * writes of one environment wait for each other's row lock, so a quota is never passed.
 */
@ApplicationScoped
public class StorageQuotas {

    private static final String USAGE = """
            select documents, document_bytes, end_users, collections from storage_usage
            where application_id = ?1 and environment = ?2""";

    @Inject
    EntityManager entityManager;

    @Inject
    StorageQuotaConfig config;

    /** What a write can grow; it is checked against those quotas only (shrinking is always allowed). */
    public enum Quota {
        DOCUMENTS, DOCUMENT_BYTES, END_USERS, COLLECTIONS
    }

    /** After a write flushed within the transaction: refuses it when the environment is now over one of {@code grown}. */
    public void check(UUID applicationId, Environment environment, Quota... grown) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery(USAGE).setParameter(1, applicationId)
                .setParameter(2, environment.name()).getResultList();
        if (rows.isEmpty()) {
            return;
        }
        Object[] usage = rows.getFirst();
        for (Quota quota : grown) {
            switch (quota) {
                case DOCUMENTS -> over(usage[0], config.documents(), "documents");
                case DOCUMENT_BYTES -> over(usage[1], config.documentBytes(), "bytes of documents");
                case END_USERS -> over(usage[2], config.endUsers(), "end users");
                case COLLECTIONS -> over(usage[3], config.collections(), "collections");
            }
        }
    }

    private static void over(Object used, long quota, String what) {
        if (((Number) used).longValue() > quota) {
            throw new ApiException(403, "quota_exceeded", "This application's environment may store at most " + quota + " "
                    + what + "; delete some, or ask the operator for a larger quota", null);
        }
    }
}
