package dev.latchkey.retention;

import java.time.LocalDate;
import java.time.ZoneOffset;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * Keeps storage bounded over time, hourly on every instance (each step is safe to run twice at
 * once): the audit log's monthly partitions are made three months ahead, audit partitions past
 * the retention are dropped (V12: never row deletes, which the log's triggers refuse), usage
 * counts older than {@link RetentionConfig#usageDays} and end-user sessions a day past their end
 * are deleted in batches.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    static final int MONTHS_AHEAD = 3;
    private static final int BATCH = 5000;
    private static final String EXPIRED_USAGE = """
            delete from key_usage where ctid in (select ctid from key_usage where day < ?1 limit ?2)""";
    /** Sessions a day past their end, expiry or idle limit, with their refresh tokens (cascade): they answer nothing. */
    private static final String DEAD_SESSIONS = """
            delete from end_user_session where id in (select id from end_user_session
            where ended_at < now() - interval '1 day' or expires_at < now() - interval '1 day'
               or last_used_at < now() - interval '8 days' limit ?1)""";

    @Inject
    EntityManager entityManager;

    @Inject
    RetentionConfig config;

    @Scheduled(every = "${latchkey.retention.interval:1h}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("select audit_log_partitions_ahead(" + MONTHS_AHEAD + ")").getSingleResult());
            int dropped = QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                    .createNativeQuery("select audit_log_drop_expired()").getSingleResult()).intValue());
            if (dropped > 0) {
                LOG.infof("Audit retention: dropped %d monthly partitions past %d months", dropped, config.auditMonths());
            }
            deleteExpiredUsage();
            deleteDeadSessions();
        } catch (RuntimeException e) {
            LOG.warnf("Retention run failed (%s); trying again at the next run", e.getMessage());
        }
    }

    int deleteDeadSessions() {
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(DEAD_SESSIONS)
                    .setParameter(1, BATCH).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    /** Usage rows of days before the retention, a batch per transaction; how many were deleted. */
    int deleteExpiredUsage() {
        if (config.usageDays() <= 0) {
            return 0;
        }
        LocalDate oldestKept = LocalDate.now(ZoneOffset.UTC).minusDays(config.usageDays());
        int total = 0;
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery(EXPIRED_USAGE)
                    .setParameter(1, oldestKept).setParameter(2, BATCH).executeUpdate());
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
