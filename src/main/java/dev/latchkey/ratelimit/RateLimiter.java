package dev.latchkey.ratelimit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.common.LocalCaches;
import dev.latchkey.common.RedisFallback;
import dev.latchkey.common.RedisKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cluster-wide budgets without a Redis round trip per request (the pattern Unkey describes as
 * local memory, then Redis, then global): an instance takes permits from Redis in batches and
 * spends them locally. The batch shrinks to one permit when the limit is small or nearly spent,
 * so small limits stay exact across instances. Permits are taken before they are spent, so the
 * cluster never admits more than the limit; at worst an instance's unspent batch is lost when its
 * window ends (a batch is at most a fiftieth of the limit).
 * <p>
 * With Redis out of reach, each instance counts alone with the whole budget (approximate: N
 * instances may admit up to N times the limit) and asks Redis again a second later ({@link RedisFallback}).
 */
@Singleton // no client proxy: every key check calls it
public class RateLimiter {

    /**
     * Takes up to ARGV[2] permits from the sliding window: KEYS[1] counts the current fixed
     * window, KEYS[2] the previous one, weighted by ARGV[3] millionths and rounded up as in
     * {@link SlidingWindow#used}. Answers {granted, free after the grant, current count, previous count}.
     */
    private static final String TAKE = """
            local limit = tonumber(ARGV[1])
            local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
            local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
            local free = limit - cur - math.floor((prev * tonumber(ARGV[3]) + 999999) / 1000000)
            local grant = math.max(0, math.min(tonumber(ARGV[2]), free))
            if grant > 0 then
              cur = redis.call('INCRBY', KEYS[1], grant)
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
            end
            return {grant, math.max(0, free - grant), cur, prev}""";
    /** Limits below this are never batched: every request asks Redis, so they stay exact. */
    static final int EXACT_BELOW = 100;
    private static final int MAX_BATCH = 10_000;

    private final Cache<String, BucketLease> leases = LocalCaches.expiringAfterAccess(LocalCaches.RATE_LEASES, Duration.ofMinutes(10));
    private final Counter localAllowed;
    private final Counter redisAllowed;
    private final Counter redisDenied;
    private final Counter localDenied;
    private final Counter fallbackAllowed;
    private final Counter fallbackDenied;
    private final RedisFallback.Feature redisState;

    @Inject
    ReactiveRedisDataSource redis;

    /** The blocking client's timeout (quarkus.redis.timeout), applied to the limiter's reactive calls too. */
    @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s")
    Duration redisTimeout;

    RateLimiter(MeterRegistry registry, RedisFallback fallbacks) {
        redisState = fallbacks.of("Rate limits", "counted per instance until Redis answers");
        localAllowed = decisions(registry, "local", "allowed");
        redisAllowed = decisions(registry, "redis", "allowed");
        redisDenied = decisions(registry, "redis", "denied");
        localDenied = decisions(registry, "local", "denied");
        fallbackAllowed = decisions(registry, "fallback", "allowed");
        fallbackDenied = decisions(registry, "fallback", "denied");
    }

    /** Spends one request of the budget: from this instance's batch at once, else after asking Redis. */
    public Uni<Decision> acquire(Budget budget) {
        long now = System.currentTimeMillis();
        Decision local = acquireLocally(budget, now);
        return local != null ? Uni.createFrom().item(local) : askRedis(budget, now);
    }

    /** {@link #acquire} once {@link #acquireLocally} has found no permit here: takes a batch from Redis. */
    Uni<Decision> askRedis(Budget budget) {
        return askRedis(budget, System.currentTimeMillis());
    }

    /**
     * The decision when this instance can make it alone (a permit of its batch, or a refusal Redis
     * gave that still holds), with no Redis round trip and no waiting; null when Redis must be asked
     * ({@link #acquire}).
     */
    public Decision acquireLocally(Budget budget) {
        return acquireLocally(budget, System.currentTimeMillis());
    }

    private Decision acquireLocally(Budget budget, long now) {
        BucketLease lease = leases.get(budget.bucket(), bucket -> new BucketLease());
        synchronized (lease) {
            lease.roll(SlidingWindow.windowOf(now, budget.windowMillis()), budget.limit());
            if (lease.permits > 0) {
                lease.permits--;
                localAllowed.increment();
                return new Decision(true, budget.limit(), lease.remaining + lease.permits,
                        SlidingWindow.resetSeconds(now, budget.windowMillis()));
            }
            if (now < lease.deniedUntil && lease.deniedLimit == budget.limit()) {
                // Redis refused and said when one more request fits: until then it would refuse
                // again, so a flood of refused requests costs no round trip each
                localDenied.increment();
                return new Decision(false, budget.limit(), 0, (lease.deniedUntil - now + 999) / 1000);
            }
            return null;
        }
    }

    private Uni<Decision> askRedis(Budget budget, long now) {
        long window = SlidingWindow.windowOf(now, budget.windowMillis());
        BucketLease lease = leases.get(budget.bucket(), bucket -> new BucketLease());
        int batch;
        synchronized (lease) {
            batch = batchSize(budget.limit(), lease.remaining);
        }
        if (redisState.paused(now)) {
            return Uni.createFrom().item(fallback(lease, budget, now));
        }
        String current = RedisKeys.rateWindow(budget.bucket(), window);
        String previous = RedisKeys.rateWindow(budget.bucket(), window - 1);
        return redis.execute("EVAL", TAKE, "2", current, previous, String.valueOf(budget.limit()), String.valueOf(batch),
                        String.valueOf(SlidingWindow.previousWeightPpm(now, budget.windowMillis())),
                        String.valueOf(2 * budget.windowMillis()))
                // the reactive client has no timeout of its own: a Redis cut off without a reset
                // (dropped packets) would hold the request forever
                .ifNoItem().after(redisTimeout).fail()
                .map(reply -> granted(reply, lease, window, budget, now))
                .onFailure().recoverWithItem(failure -> {
                    redisState.failed(failure);
                    return fallback(lease, budget, now);
                });
    }

    private Decision granted(Response reply, BucketLease lease, long window, Budget budget, long now) {
        redisState.answered();
        int grant = reply.get(0).toInteger();
        long free = reply.get(1).toLong();
        if (grant == 0) {
            redisDenied.increment();
            long retryMillis = SlidingWindow.retryAfterMillis(now, budget.windowMillis(), budget.limit(),
                    reply.get(2).toLong(), reply.get(3).toLong());
            synchronized (lease) {
                if (lease.window == window) {
                    lease.remaining = 0;
                }
                lease.deniedUntil = now + retryMillis;
                lease.deniedLimit = budget.limit();
            }
            return new Decision(false, budget.limit(), 0, Math.max(1, (retryMillis + 999) / 1000));
        }
        redisAllowed.increment();
        synchronized (lease) {
            if (lease.window == window) {
                lease.permits += grant - 1;
                lease.remaining = free;
            }
            return new Decision(true, budget.limit(), free + Math.max(0, lease.permits),
                    SlidingWindow.resetSeconds(now, budget.windowMillis()));
        }
    }

    /** This instance alone, counting with the same sliding window while Redis is out of reach. */
    private Decision fallback(BucketLease lease, Budget budget, long now) {
        long window = SlidingWindow.windowOf(now, budget.windowMillis());
        synchronized (lease) {
            lease.rollFallback(window);
            long used = SlidingWindow.used(lease.fallbackCurrent, lease.fallbackPrevious,
                    SlidingWindow.previousWeightPpm(now, budget.windowMillis()));
            if (lease.window == window) {
                // Redis answered earlier in this window: what it said the cluster had spent stays
                // spent, on top of what this instance admitted alone since
                used += budget.limit() - lease.remaining;
            }
            if (used >= budget.limit()) {
                fallbackDenied.increment();
                return new Decision(false, budget.limit(), 0, SlidingWindow.retryAfterSeconds(now, budget.windowMillis(),
                        budget.limit(), lease.fallbackCurrent, lease.fallbackPrevious));
            }
            lease.fallbackCurrent++;
            fallbackAllowed.increment();
            return new Decision(true, budget.limit(), budget.limit() - used - 1, SlidingWindow.resetSeconds(now, budget.windowMillis()));
        }
    }

    /**
     * Gives back a permit taken at {@code takenAtMillis}, if that lies in the current window: it joins this instance's batch, to be spent
     * by the bucket's next request here. Never more than was taken, so never past the limit; a
     * permit given back after its window has ended is simply lost.
     */
    public void release(Budget budget, long takenAtMillis) {
        BucketLease lease = leases.getIfPresent(budget.bucket());
        if (lease == null) {
            return;
        }
        long window = SlidingWindow.windowOf(System.currentTimeMillis(), budget.windowMillis());
        synchronized (lease) {
            // only into the window it was taken in: a permit of an ended window is no longer there to give
            if (lease.window == window && SlidingWindow.windowOf(takenAtMillis, budget.windowMillis()) == window) {
                lease.permits++;
            }
        }
    }

    /** One permit at a time for small or nearly spent budgets; else a fiftieth of the limit, less as it runs out. */
    static int batchSize(int limit, long remaining) {
        if (limit < EXACT_BELOW) {
            return 1;
        }
        long size = Math.min(limit / 50, remaining / 8);
        return (int) Math.max(1, Math.min(MAX_BATCH, size));
    }

    private static Counter decisions(MeterRegistry registry, String source, String decision) {
        return Counter.builder("latchkey.rate.limit.decisions").tag("source", source).tag("decision", decision)
                .description("Rate-limit decisions: from this instance's batch (local), after asking Redis, or alone while Redis is down")
                .register(registry);
    }
}
