package dev.latchkey.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

import dev.latchkey.caller.VerifiedKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Counts key checks per key, UTC day and outcome in memory (one counter per key, day and outcome
 * seen), and adds the counts to PostgreSQL in one statement per flush: never a write per request.
 * A graceful shutdown flushes what is left; a failed flush keeps its counts for the next one.
 */
@Singleton // no client proxy: every key check calls it
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Keys deleted since their use are skipped by the join. */
    private static final String ADD = """
            insert into key_usage (key_id, application_id, environment, day, outcome, count)
            select u.key_id, k.application_id, k.environment, u.day, u.outcome, u.count
            from unnest(?::uuid[], ?::date[], ?::text[], ?::bigint[]) as u(key_id, day, outcome, count)
            join api_key k on k.id = u.key_id
            on conflict (key_id, day, outcome) do update set count = key_usage.count + excluded.count""";

    private record Slot(UUID keyId, long epochDay, Outcome outcome) {
    }

    private final Map<Slot, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<Outcome, Counter> checks = new EnumMap<>(Outcome.class);

    @Inject
    DataSource dataSource;

    UsageRecorder(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            checks.put(outcome, Counter.builder("latchkey.key.checks").tag("outcome", outcome.wire())
                    .description("Key checks by outcome").register(registry));
        }
    }

    /** A check that ended before any answer was produced (unknown, revoked, expired, origin refused). */
    public void record(VerifiedKey key, Outcome outcome) {
        checks.get(outcome).increment();
        if (key != null) {
            Slot slot = new Slot(key.keyId(), Math.floorDiv(System.currentTimeMillis(), MILLIS_PER_DAY), outcome);
            counts.computeIfAbsent(slot, s -> new AtomicLong()).incrementAndGet();
        }
    }

    /** A key that passed the check: counted when the answer is sent, by its status (403 forbidden, 429 rate limited). */
    public void trackResponse(RoutingContext context, VerifiedKey key) {
        context.addEndHandler(done -> record(key, Outcome.ofStatus(context.response().getStatusCode())));
    }

    @Scheduled(every = "${latchkey.usage.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void flush() {
        List<Slot> slots = new ArrayList<>();
        List<Long> taken = new ArrayList<>();
        long today = Math.floorDiv(System.currentTimeMillis(), MILLIS_PER_DAY);
        counts.forEach((slot, count) -> {
            long n = count.getAndSet(0);
            if (n > 0) {
                slots.add(slot);
                taken.add(n);
            } else if (slot.epochDay() < today) {
                counts.remove(slot, count);
            }
        });
        if (slots.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement add = connection.prepareStatement(ADD)) {
            add.setArray(1, connection.createArrayOf("uuid", slots.stream().map(Slot::keyId).toArray()));
            // days as ISO text: no time zone between the UTC day and the column
            add.setArray(2, connection.createArrayOf("text",
                    slots.stream().map(slot -> LocalDate.ofEpochDay(slot.epochDay()).toString()).toArray()));
            add.setArray(3, connection.createArrayOf("text", slots.stream().map(slot -> slot.outcome().wire()).toArray()));
            add.setArray(4, connection.createArrayOf("bigint", taken.toArray()));
            add.executeUpdate();
        } catch (SQLException e) {
            for (int i = 0; i < slots.size(); i++) {
                counts.computeIfAbsent(slots.get(i), s -> new AtomicLong()).addAndGet(taken.get(i));
            }
            LOG.warnf("Could not add the usage of %d key-days; will retry: %s", slots.size(), e.getSQLState());
        }
    }

    void flushOnShutdown(@Observes ShutdownEvent event) {
        flush();
    }
}
