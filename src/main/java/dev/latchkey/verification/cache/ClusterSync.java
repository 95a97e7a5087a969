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
 * stream
 * from where it left off, evicts what the entries name from L1, then publishes how far it got and
 * until when it trusts its L1 (its lease). L1 answers only within that lease: an instance cut off
 * from Redis stops trusting it by itself, and after any failed round it starts again from an empty
 * L1, since entries may have been missed.
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

    private ScheduledExecutorService loop;
    /** The last stream entry applied; null until the first round, and again after a failed one. */
    private String applied;
    private volatile boolean redisReachable;

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

    void round() {
        long startedNanos = System.nanoTime();
        long startedMillis = System.currentTimeMillis();
        Duration lease = config.lease();
        try {
            if (applied == null) {
                // nothing read before this point can be trusted: start empty, from the stream's end
                local.clear();
                applied = tail();
            }
            List<String> batch;
            do {
                batch = readAfter(applied);
                for (int i = 0; i < batch.size(); i += 2) {
                    apply(batch.get(i + 1));
                    applied = batch.get(i);
                }
            } while (batch.size() == 2 * BATCH);
            redis.execute("HSET", RedisKeys.INSTANCES, instanceId, applied + "|" + (startedMillis + lease.toMillis()));
            local.trustUntil(startedNanos + lease.toNanos());
            if (!redisReachable) {
                LOG.info("Verification cache in sync with the cluster");
            }
            redisReachable = true;
        } catch (RuntimeException e) {
            if (redisReachable || applied != null) {
                LOG.warnf("Verification cache out of sync (Redis unreachable: %s); checks read PostgreSQL until it returns",
                        e.getClass().getSimpleName());
            }
            redisReachable = false;
            applied = null;
        }
    }

    private String tail() {
        Response last = redis.execute("XREVRANGE", RedisKeys.INVALIDATIONS, "+", "-", "COUNT", "1");
        return last == null || last.size() == 0 ? StreamId.ZERO : last.get(0).get(0).toString();
    }

    /** Pairs of (entry id, target) after {@code id}, flattened. */
    private List<String> readAfter(String id) {
        Response entries = redis.execute("XRANGE", RedisKeys.INVALIDATIONS, "(" + id, "+", "COUNT", String.valueOf(BATCH));
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
        return pairs;
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
