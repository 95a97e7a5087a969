package dev.latchkey.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The outbox's bookkeeping outside the changes' own transactions: which invalidations reached
 * Redis, and the claim of those that did not (their writer died or lost Redis), one instance at a
 * time per row. Plain JDBC: these run on background threads with no request context.
 */
@ApplicationScoped
public class OutboxStore {

    private static final Logger LOG = Logger.getLogger(OutboxStore.class);
    private static final String MARK_PUBLISHED = "update outbox_event set published_at = now() where id = ? and published_at is null";
    private static final String CLAIM = """
            select id, invalidation_target, invalidation_hashes from outbox_event
            where published_at is null and created_at < now() - ? * interval '1 millisecond'
            order by created_at limit ? for update skip locked""";
    private static final String PUBLISHED = "select published_at is not null from outbox_event where id = ?";
    private static final String FORGET = """
            delete from outbox_event e where e.created_at < now() - ? * interval '1 millisecond' and e.published_at is not null
            and not exists (select 1 from webhook_delivery d where d.event_id = e.id and d.status = 'pending')""";

    @Inject
    DataSource dataSource;

    /** How long events stay after they were published and delivered (or failed), for the deliveries listing. */
    @ConfigProperty(name = "latchkey.outbox.retention", defaultValue = "30d")
    Duration retention;

    /** An invalidation waiting to be published. */
    public record Pending(UUID eventId, String target, List<byte[]> storedHashes) {
    }

    /** Blocking: one statement. */
    public void markPublished(UUID eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(MARK_PUBLISHED)) {
            update.setObject(1, eventId);
            update.executeUpdate();
        } catch (SQLException e) {
            // the relay publishes it again later: a repeat only evicts again
            throw new IllegalStateException("Marking an invalidation published failed", e);
        }
    }

    /** Whether the invalidation of this change has reached Redis (published by its writer or by a relay). Blocking. */
    public boolean published(UUID eventId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(PUBLISHED)) {
            query.setObject(1, eventId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the outbox failed", e);
        }
    }

    /**
     * Claims up to {@code limit} invalidations unpublished for longer than {@code olderThan} (their
     * writer had that long to publish them itself), hands each to {@code publish} and marks those
     * it published, stopping at the first it could not, in one transaction whose row locks keep other instances off the same rows.
     * Returns how many were published. Blocking.
     */
    public int publishPending(Duration olderThan, int limit, Predicate<Pending> publish) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Pending> claimed = claim(connection, olderThan, limit);
                int published = 0;
                try (PreparedStatement mark = connection.prepareStatement(MARK_PUBLISHED)) {
                    for (Pending pending : claimed) {
                        if (!publish.test(pending)) {
                            break; // Redis failed: the rest go back to the pool for the next round, any instance's
                        }
                        mark.setObject(1, pending.eventId());
                        mark.executeUpdate();
                        published++;
                    }
                }
                connection.commit();
                return published;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Publishing pending invalidations failed", e);
        }
    }

    private static List<Pending> claim(Connection connection, Duration olderThan, int limit) throws SQLException {
        List<Pending> claimed = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CLAIM)) {
            query.setLong(1, olderThan.toMillis());
            query.setInt(2, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Array hashes = rows.getArray(3);
                    List<byte[]> stored = hashes == null ? List.of() : Arrays.asList((byte[][]) hashes.getArray());
                    claimed.add(new Pending(rows.getObject(1, UUID.class), rows.getString(2), stored));
                }
            }
        }
        return claimed;
    }

    /** Deletes events published and delivered (or failed) longer ago than the retention, with their deliveries. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetOldEvents() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(FORGET)) {
            delete.setLong(1, retention.toMillis());
            delete.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("Deleting old events failed (%s); trying again in an hour", e.getMessage());
        }
    }
}
