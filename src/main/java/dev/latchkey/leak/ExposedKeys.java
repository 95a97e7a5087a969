package dev.latchkey.leak;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.common.LocalCaches;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * A secret key sent from a browser is exposed: it is marked ({@code exposed_at}) and announced
 * once ({@code key.leaked}, {@code source: "browser"}), not revoked, since its owner decides. The
 * marking runs on a worker thread, off the refusal's answer, once per key and instance (and once
 * overall: the database marks only an unmarked key).
 */
@ApplicationScoped
public class ExposedKeys {

    private static final Logger LOG = Logger.getLogger(ExposedKeys.class);
    private static final String MARK = "update api_key set exposed_at = :now where id = :id and exposed_at is null and type = 'SECRET'";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    private final Cache<UUID, Boolean> marked = LocalCaches.expiringAfterWrite(LocalCaches.EXPOSED_KEYS, Duration.ofDays(1));

    /** Never blocks. */
    public void seenInBrowser(UUID keyId, String origin) {
        if (marked.asMap().putIfAbsent(keyId, Boolean.TRUE) != null) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                QuarkusTransaction.requiringNew().run(() -> mark(keyId, origin));
            } catch (RuntimeException e) {
                marked.invalidate(keyId);
                LOG.warnf("Marking key %s as exposed failed (%s)", keyId, e.getMessage());
            }
        });
    }

    private void mark(UUID keyId, String origin) {
        int updated = entityManager.createNativeQuery(MARK).setParameter("now", Timestamps.now()).setParameter("id", keyId)
                .executeUpdate();
        if (updated == 0) {
            return; // marked before, or no longer there
        }
        ApiKey key = entityManager.find(ApiKey.class, keyId);
        Map<String, Object> data = new HashMap<>(Map.of("source", "browser", "revoked", false));
        if (origin != null) {
            data.put("origin", origin);
        }
        outbox.keyEvent(EventType.KEY_LEAKED, key, data);
    }
}
