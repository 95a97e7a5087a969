package dev.latchkey.verification.cache;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.latchkey.outbox.AccessChange;
import dev.latchkey.outbox.FaultHooks;
import dev.latchkey.outbox.OutboxStore;
import dev.latchkey.common.RedisKeys;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The writer's side of exact revocation. After a change commits, and before its HTTP answer
 * leaves, it replaces the fill guard, deletes the Redis cache entries of the keys concerned and
 * appends the change to the invalidation stream (one Lua script, so atomically), retrying until it
 * is known to have landed; then waits until every instance holding a lease has applied it, and
 * never longer than one lease after publication: an instance whose sync round began after the
 * entry was appended has applied it, and one whose last round began before has lost its lease by
 * then. A writer that cannot reach Redis waits for another instance to publish the change from the
 * outbox ({@link InvalidationRelay}), then for one lease.
 */
@ApplicationScoped
public class Invalidation {

    private static final Logger LOG = Logger.getLogger(Invalidation.class);
    /** Slack added to the one-lease deadline for scheduling delays between sync rounds. */
    private static final long CLOCK_MARGIN_MILLIS = 250;
    private static final long FORGET_SILENT_INSTANCES_MILLIS = 60_000;
    private static final String STREAM_LENGTH = "10000";
    private static final long RETRY_MILLIS = 50;
    private static final long POLL_MILLIS = 5;
    private static final String PUBLISH = """
            redis.call('SET', KEYS[1], ARGV[3])
            for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
            return redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'target', ARGV[1])""";

    @Inject
    RedisDataSource redis;

    @Inject
    KeyCacheConfig config;

    @Inject
    LocalKeyCache local;

    @Inject
    OutboxStore outbox;

    @Inject
    FaultHooks faults;

    private final Timer wait;
    private final ExecutorService retries = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("latchkey-invalidation-retry").daemon().factory());

    @Inject
    public Invalidation(MeterRegistry registry) {
        wait = Timer.builder("latchkey.invalidation.wait")
                .description("How long a change waited for every instance to drop what it had cached")
                .register(registry);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccessChange change) {
        faults.afterCommit();
        if (!config.cacheEnabled()) {
            outbox.markPublished(change.eventId());
            return;
        }
        long started = System.nanoTime();
        long lease = config.lease().toNanos();
        try {
            String entry = publishWithin(change.target(), change.storedHashes(), 2 * lease);
            if (entry != null) {
                outbox.markPublished(change.eventId());
                awaitEveryInstance(entry, System.nanoTime() + lease + MILLISECONDS.toNanos(CLOCK_MARGIN_MILLIS));
            } else {
                // Redis out of reach from here: the other instances' relays publish the change from
                // the outbox if they can reach it, and those that cannot have lost their leases
                LOG.error("Could not publish an invalidation; waiting for another instance to publish it, or out the lease");
                local.clear();
                awaitRelayOrLease(change, lease);
                retries.submit(() -> {
                    if (publishWithin(change.target(), change.storedHashes(), config.sharedTtl().toNanos()) != null) {
                        outbox.markPublished(change.eventId());
                    }
                });
            }
        } finally {
            wait.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /**
     * Returns one lease after another instance's relay marked the change published (every
     * instance has applied it or lost its lease by then), or after one lease if none has within
     * that lease (no instance reaches Redis, so none trusts its cache any more).
     */
    private void awaitRelayOrLease(AccessChange change, long lease) {
        long margin = MILLISECONDS.toNanos(CLOCK_MARGIN_MILLIS);
        long deadline = System.nanoTime() + lease + margin;
        while (System.nanoTime() - deadline < 0) {
            try {
                if (outbox.published(change.eventId())) {
                    sleepNanos(lease + margin);
                    return;
                }
            } catch (RuntimeException e) {
                // PostgreSQL out of reach as well: wait the lease out
            }
            sleepNanos(MILLISECONDS.toNanos(RETRY_MILLIS));
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down
            }
        }
    }

    /**
     * The stream id of the published change, retrying failed or timed-out attempts (a repeat is
     * harmless: it evicts again); null if none succeeded within {@code nanos}.
     */
    private String publishWithin(String target, List<byte[]> storedHashes, long nanos) {
        long deadline = System.nanoTime() + nanos;
        do {
            try {
                return publish(target, storedHashes);
            } catch (RuntimeException e) {
                LOG.warnf("Publishing an invalidation failed (%s); retrying", e.getClass().getSimpleName());
                sleepNanos(MILLISECONDS.toNanos(RETRY_MILLIS));
            }
        } while (System.nanoTime() - deadline < 0);
        return null;
    }

    /** One attempt to publish a change found unpublished in the outbox (its writer died or lost Redis). */
    void publishPending(String target, List<byte[]> storedHashes) {
        publish(target, storedHashes);
    }

    private String publish(String target, List<byte[]> storedHashes) {
        List<String> arguments = new ArrayList<>();
        arguments.add(PUBLISH);
        arguments.add(String.valueOf(2 + storedHashes.size()));
        arguments.add(RedisKeys.FILL_GUARD);
        arguments.add(RedisKeys.INVALIDATIONS);
        HexFormat hex = HexFormat.of();
        storedHashes.forEach(hash -> arguments.add(RedisKeys.CHECK_PREFIX + hex.formatHex(hash)));
        arguments.add(target);
        arguments.add(STREAM_LENGTH);
        // a new guard value every time, never one an earlier Redis primary could have handed out
        arguments.add(UUID.randomUUID().toString());
        return redis.execute("EVAL", arguments.toArray(String[]::new)).toString();
    }

    /**
     * Returns once every instance with a live lease has applied {@code entry}, or at
     * {@code deadlineNanos}: one lease after publication, by which time any instance that has not
     * applied it has stopped trusting its cache. Failed reads of the acknowledgements are retried.
     */
    private void awaitEveryInstance(String entry, long deadlineNanos) {
        var instances = redis.hash(String.class);
        while (System.nanoTime() - deadlineNanos < 0) {
            try {
                if (everyInstanceApplied(instances.hgetall(RedisKeys.INSTANCES), entry, instances)) {
                    return;
                }
            } catch (RuntimeException e) {
                // keep waiting: the deadline alone is already enough for exactness
            }
            sleepNanos(MILLISECONDS.toNanos(POLL_MILLIS));
        }
        LOG.warn("Not every instance confirmed an invalidation within one lease; waited the lease out");
    }

    private static boolean everyInstanceApplied(Map<String, String> leases, String entry,
            io.quarkus.redis.datasource.hash.HashCommands<String, String, String> instances) {
        long now = System.currentTimeMillis();
        boolean applied = true;
        for (Map.Entry<String, String> instance : leases.entrySet()) {
            String[] state = instance.getValue().split("\\|");
            long leaseEnd = Long.parseLong(state[1]);
            // an instance silent for long is gone; any other is waited for (up to the deadline),
            // whatever its lease says, so that no clock comparison between machines decides
            if (leaseEnd + FORGET_SILENT_INSTANCES_MILLIS < now) {
                instances.hdel(RedisKeys.INSTANCES, instance.getKey());
            } else if (!StreamId.atLeast(state[0], entry)) {
                applied = false;
            }
        }
        return applied;
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
