package dev.latchkey.application;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * Sends {@code key.expiring} once per key, 7 days before it expires. Any instance may run the
 * scan: the keys it takes are row-locked ({@code SKIP LOCKED}) and marked in the transaction that
 * writes their events, so no key is announced twice.
 */
@ApplicationScoped
public class ExpiringKeys {

    static final Duration NOTICE = Duration.ofDays(7);
    private static final Logger LOG = Logger.getLogger(ExpiringKeys.class);
    private static final int BATCH = 200;
    private static final String DUE = """
            select k.id from api_key k
            where k.expires_at > :now and k.expires_at <= :horizon and k.expiring_notified_at is null
              and (k.revoked_at is null or k.revoked_at > :now)
            order by k.expires_at limit :batch for update skip locked""";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Scheduled(every = "${latchkey.events.expiring-scan-interval:60s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scan() {
        try {
            int announced;
            do {
                announced = QuarkusTransaction.requiringNew().call(this::announceBatch);
            } while (announced == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("Looking for expiring keys failed (%s); trying again at the next scan", e.getMessage());
        }
    }

    private int announceBatch() {
        Instant now = Timestamps.now();
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery(DUE, UUID.class).setParameter("now", now)
                .setParameter("horizon", now.plus(NOTICE)).setParameter("batch", BATCH).getResultList();
        for (UUID id : due) {
            ApiKey key = entityManager.find(ApiKey.class, id);
            key.expiringNotifiedAt = now;
            outbox.keyEvent(EventType.KEY_EXPIRING, key, Map.of("expires_at", key.expiresAt));
        }
        return due.size();
    }
}
