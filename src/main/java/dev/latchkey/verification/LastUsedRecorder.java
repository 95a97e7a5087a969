package dev.latchkey.verification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Keeps {@code last_used_at} off the hot path: a successful check only notes the time in memory
 * (one entry per key, so memory is bounded by the number of keys); a scheduled flush writes all
 * of them in one statement, and a graceful shutdown flushes what is left.
 */
@Singleton // no client proxy: every key check calls it
public class LastUsedRecorder {

    private static final Logger LOG = Logger.getLogger(LastUsedRecorder.class);
    private static final String UPDATE = """
            update api_key k set last_used_at = greatest(coalesce(k.last_used_at, u.at), u.at)
            from unnest(?::uuid[], ?::timestamptz[]) as u(id, at)
            where k.id = u.id""";

    private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

    @Inject
    DataSource dataSource;

    /** Notes a use at {@code now}; a time noted less than a second earlier stands, sparing the hot path a write. */
    public void used(UUID keyId, Instant now) {
        Instant noted = pending.get(keyId);
        if (noted == null || now.isAfter(noted.plusSeconds(1))) {
            pending.put(keyId, now);
        }
    }

    @Scheduled(every = "${latchkey.last-used.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<UUID, Instant> batch = new HashMap<>();
        for (UUID id : pending.keySet()) {
            Instant at = pending.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setArray(1, connection.createArrayOf("uuid", batch.keySet().toArray()));
            update.setArray(2, connection.createArrayOf("timestamptz",
                    batch.values().stream().map(Timestamp::from).toArray()));
            update.executeUpdate();
        } catch (SQLException e) {
            // keep the times for the next flush unless a newer one arrived meanwhile
            batch.forEach((id, at) -> pending.merge(id, at, (newer, older) -> newer.isAfter(older) ? newer : older));
            LOG.warnf("Could not record last-used times of %d keys; will retry: %s", batch.size(), e.getSQLState());
        }
    }

    void flushOnShutdown(@Observes ShutdownEvent event) {
        flush();
    }
}
