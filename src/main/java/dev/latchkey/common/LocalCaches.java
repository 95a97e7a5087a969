package dev.latchkey.common;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Weigher;

/**
 * Every in-process cache is built here, bounded, and the fixed bounds are listed here (the key
 * caches' bounds are settings, {@code latchkey.verification.*}), so the heap they may take is
 * read in one place.
 *
 * <p>Each cache does its upkeep (the access log, expiry, eviction) on the thread that uses it, in
 * small amortised steps, instead of handing it to the common fork-join pool: on the key check's
 * path that hand-off woke another thread every few reads and cost more than the upkeep itself
 * (docs/BENCHMARKS.md).
 */
public final class LocalCaches {

    /** Origins remembered as listed or not by some application (CORS preflights). */
    public static final long ORIGIN_ANSWERS = 10_000;
    /** Rate-limit buckets with a batch of permits on this instance. */
    public static final long RATE_LEASES = 200_000;
    /** Keys with credits leased by this instance. */
    public static final long CREDIT_LEASES = 100_000;
    /** Secret keys this instance has already marked as seen in a browser (a day, then marked again if seen). */
    public static final long EXPOSED_KEYS = 10_000;
    /** Failed-login counts kept by this instance while Redis is out of reach. */
    public static final long LOCAL_LOGIN_FAILURES = 100_000;
    /** Facts of applications kept beside their keys' checks (collection settings), each a few hundred bytes. */
    public static final long APPLICATION_FACTS = 20_000;

    private LocalCaches() {
    }

    /** At most {@code maximumSize} entries, each dropped {@code ttl} after it was written. */
    public static <K, V> Cache<K, V> expiringAfterWrite(long maximumSize, Duration ttl) {
        return builder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
    }

    /** At most {@code maximumSize} entries, each dropped once unused for {@code idle}. */
    public static <K, V> Cache<K, V> expiringAfterAccess(long maximumSize, Duration idle) {
        return builder().maximumSize(maximumSize).expireAfterAccess(idle).build();
    }

    /** Entries weighed by {@code weigher} up to {@code maximumWeight} in all, each dropped {@code ttl} after it was written. */
    public static <K, V> Cache<K, V> weighedExpiringAfterWrite(long maximumWeight, Weigher<? super K, ? super V> weigher, Duration ttl) {
        return builder().maximumWeight(maximumWeight).weigher(weigher).expireAfterWrite(ttl).build();
    }

    private static Caffeine<Object, Object> builder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }
}
