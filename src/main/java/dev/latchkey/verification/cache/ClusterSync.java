package dev.latchkey.verification.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.latchkey.common.RedisKeys;
import dev.latchkey.outbox.AccessChange;
import dev.latchkey.common.RedisFallback;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * This instance's side of exact revocation. Every sync interval (50 ms) it reads the invalidation
 * stream from where it left off, evicts what the entries name from L1, then publishes how far it
 * got and until when it trusts its L1 (its lease). L1 answers only within that lease: an instance
 * cut off from Redis stops trusting it by itself. After a failed round, or when the stream no
 * longer holds the entry it last applied (a Redis failover or restart lost entries, or the stream
 * was trimmed past it), it starts again from an empty L1 at the stream's end, and starts a new
 * generation of the Redis cache: what Redis holds from before may have outlived deletions that a
 * failover lost or that a writer could not make (docs/VERIFICATION.md, "Highly available Redis").
 */
@ApplicationScoped
public class ClusterSync {

    private static final Logger LOG = Logger.getLogger(ClusterSync.class);
    private static final int BATCH = 1000;

    final String instanceId = UUID.randomUUID().toString();

    @Inject
    RedisDataSource redis;

    @Inject
    LocalKeyCache local;

    @Inject
    KeyCacheConfig config;

    private final RedisFallback.Feature fallback;
    private final Counter restarts;
    private ScheduledExecutorService loop;
    /** The last stream entry applied; null until the first round, and again after a failed one. */
    private String applied;
    private volatile boolean redisReachable;
    /** Set when a Redis cache read failed: the next round starts from doubt, as after a failed round. */
    private volatile boolean doubt;

    @Inject
    ClusterSync(RedisFallback fallbacks, MeterRegistry registry) {
        fallback = fallbacks.of("Verification cache", "checks read PostgreSQL");
        restarts = Counter.builder("latchkey.verification.sync.restarts")
                .description("Times this instance started its cache from empty because the invalidation stream lost its position")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.cacheEnabled()) {
            return;
        }
        loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("latchkey-cluster-sync").daemon().factory());
        long every = config.syncInterval().toNanos();
        loop.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.NANOSECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.shutdownNow();
            try {
                redis.execute("HDEL", RedisKeys.INSTANCES, instanceId);
            } catch (RuntimeException e) {
                // the lease runs out by itself
            }
        }
    }

    /** False after a failed round: callers then skip Redis instead of waiting on it. */
    public boolean redisReachable() {
        return redisReachable;
    }

    /**
     * A Redis cache read failed: counted and logged once, like a failed round, and treated as one
     * (the failure may be a failover under way: its other side must not be read before a rejoin).
     */
    void sharedCacheFailed(Throwable failure) {
        fallback.failed(failure);
        redisReachable = false;
        doubt = true;
    }

    void round() {
        long startedNanos = System.nanoTime();
        long startedMillis = System.currentTimeMillis();
        Duration lease = config.lease();
        try {
            if (applied == null || doubt) {
                join();
            }
            boolean more;
            do {
                List<String> batch = readAfterApplied();
                if (batch == null) {
                    LOG.warnf("The invalidation stream no longer holds entry %s (Redis failed over, restarted or trimmed it);"
                            + " starting again from an empty cache", applied);
                    join();
                    restarts.increment();
                    break;
                }
                for (int i = 0; i < batch.size(); i += 2) {
                    apply(batch.get(i + 1));
                    applied = batch.get(i);
                }
                more = batch.size() >= 2 * (BATCH - 1);
            } while (more);
            redis.execute("HSET", RedisKeys.INSTANCES, instanceId, applied + "|" + (startedMillis + lease.toMillis()));
            local.trustUntil(startedNanos + lease.toNanos());
            if (!redisReachable) {
                LOG.info("Verification cache in sync with the cluster");
            }
            redisReachable = true;
            fallback.answered();
        } catch (RuntimeException e) {
            if (loop.isShutdown()) {
                return; // interrupted by the shutdown: no outage
            }
            fallback.failed(e);
            redisReachable = false;
            // a writer on a promoted replica may not know this instance (its lease entry lost):
            // stop trusting L1 now rather than at the lease's end
            local.trustUntil(System.nanoTime());
            applied = null;
        }
    }

    /**
     * Starts from doubt, in this order: the Redis cache is not read meanwhile; the stream's end is
     * read, so every change appended after it is applied by the next reads; the Redis cache starts
     * a new generation, so nothing stored before (which a failover may have restored, or which a
     * writer cut off from Redis could not delete) is read again; and L1 is emptied last, so every
     * check from now on reads what followed all of that. A first start does it too: a new instance
     * may come up just after a failover, before any other instance has rejoined.
     */
    private void join() {
        redisReachable = false;
        doubt = false;
        applied = tail();
        redis.execute("SET", RedisKeys.GENERATION, UUID.randomUUID().toString());
        local.clear();
    }

    private String tail() {
        Response last = redis.execute("XREVRANGE", RedisKeys.INVALIDATIONS, "+", "-", "COUNT", "1");
        return last == null || last.size() == 0 ? StreamId.ZERO : last.get(0).get(0).toString();
    }

    /**
     * Pairs of (entry id, target) after the entry last applied, flattened; null when the stream no
     * longer holds that entry, so that entries after it may be lost too.
     */
    private List<String> readAfterApplied() {
        // read from the applied entry itself, which proves that the stream still holds it
        Response entries = redis.execute("XRANGE", RedisKeys.INVALIDATIONS, applied, "+", "COUNT", String.valueOf(BATCH));
        List<String> pairs = new ArrayList<>();
        if (entries != null) {
            for (Response entry : entries) {
                Response fields = entry.get(1);
                String target = null;
                for (int f = 0; f + 1 < fields.size(); f += 2) {
                    if ("target".equals(fields.get(f).toString())) {
                        target = fields.get(f + 1).toString();
                    }
                }
                pairs.add(entry.get(0).toString());
                pairs.add(target);
            }
        }
        if (StreamId.ZERO.equals(applied)) {
            return pairs;
        }
        return pairs.isEmpty() || !applied.equals(pairs.get(0)) ? null : pairs.subList(2, pairs.size());
    }

    private void apply(String target) {
        if (target == null) {
            local.clear();
        } else if (target.startsWith(AccessChange.KEY_TARGET)) {
            local.evictKey(UUID.fromString(target.substring(AccessChange.KEY_TARGET.length())));
        } else if (target.startsWith(AccessChange.APPLICATION_TARGET)) {
            local.evictApplication(UUID.fromString(target.substring(AccessChange.APPLICATION_TARGET.length())));
        } else {
            local.clear();
        }
    }
}
