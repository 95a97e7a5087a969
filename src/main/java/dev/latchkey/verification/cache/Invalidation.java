package dev.latchkey.verification.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.latchkey.application.AccessChange;
import dev.latchkey.common.LatchkeyConfig;
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
 * leaves, it raises the fill guard, deletes the Redis cache entries of the keys concerned and
 * appends the change to the invalidation stream and nudges the instances (one Lua script, so
 * atomically), then waits until
 * every instance holding a lease has applied it, or until that instance's lease has run out.
 */
@ApplicationScoped
public class Invalidation {

    static final String KEY_TARGET = "key:";
    static final String APPLICATION_TARGET = "app:";
    private static final Logger LOG = Logger.getLogger(Invalidation.class);
    /** Tolerated clock difference between instances when comparing lease ends. */
    private static final long CLOCK_MARGIN_MILLIS = 250;
    private static final long FORGET_SILENT_INSTANCES_MILLIS = 60_000;
    private static final String STREAM_LENGTH = "10000";
    private static final String PUBLISH = """
            redis.call('INCR', KEYS[1])
            for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
            local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'target', ARGV[1])
            redis.call('PUBLISH', ARGV[3], id)
            return id""";

    @Inject
    RedisDataSource redis;

    @Inject
    LatchkeyConfig config;

    @Inject
    LocalKeyCache local;

    private final Timer wait;

    @Inject
    public Invalidation(MeterRegistry registry) {
        wait = Timer.builder("latchkey.invalidation.wait")
                .description("How long a change waited for every instance to drop what it had cached")
                .register(registry);
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AccessChange change) {
        if (!config.verification().cacheEnabled()) {
            return;
        }
        long started = System.nanoTime();
        String target = change.keyId() != null ? KEY_TARGET + change.keyId() : APPLICATION_TARGET + change.applicationId();
        try {
            awaitEveryInstance(publish(target, change.storedHashes()));
        } catch (RuntimeException e) {
            // Redis is out of reach: so it is for the other instances, which stop trusting their
            // caches within one lease. Wait that out before answering.
            LOG.warnf("Could not publish an invalidation (%s); waiting out the lease", e.getClass().getSimpleName());
            local.clear();
            sleep(config.verification().lease().toMillis() + CLOCK_MARGIN_MILLIS);
        } finally {
            wait.record(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private String publish(String target, List<byte[]> storedHashes) {
        List<String> arguments = new ArrayList<>();
        arguments.add(PUBLISH);
        arguments.add(String.valueOf(2 + storedHashes.size()));
        arguments.add(ClusterKeys.SEQUENCE);
        arguments.add(ClusterKeys.INVALIDATIONS);
        HexFormat hex = HexFormat.of();
        storedHashes.forEach(hash -> arguments.add(ClusterKeys.CHECK_PREFIX + hex.formatHex(hash)));
        arguments.add(target);
        arguments.add(STREAM_LENGTH);
        arguments.add(ClusterKeys.NUDGES);
        return redis.execute("EVAL", arguments.toArray(String[]::new)).toString();
    }

    private void awaitEveryInstance(String entry) {
        long deadline = System.currentTimeMillis() + config.verification().lease().toMillis() + CLOCK_MARGIN_MILLIS;
        var instances = redis.hash(String.class);
        while (true) {
            long now = System.currentTimeMillis();
            boolean pending = false;
            for (Map.Entry<String, String> instance : instances.hgetall(ClusterKeys.INSTANCES).entrySet()) {
                String[] state = instance.getValue().split("\\|");
                long leaseEnd = Long.parseLong(state[1]);
                if (leaseEnd + FORGET_SILENT_INSTANCES_MILLIS < now) {
                    instances.hdel(ClusterKeys.INSTANCES, instance.getKey());
                } else if (leaseEnd + CLOCK_MARGIN_MILLIS >= now && !StreamId.atLeast(state[0], entry)) {
                    pending = true;
                }
            }
            if (!pending) {
                return;
            }
            if (now > deadline) {
                LOG.warn("An instance did not confirm an invalidation within its lease; its lease has ended");
                return;
            }
            sleep(5);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
