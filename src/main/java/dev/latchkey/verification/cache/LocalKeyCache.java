package dev.latchkey.verification.cache;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.common.LocalCaches;
import jakarta.inject.Singleton;

/**
 * L1: the in-process cache of key checks, bounded in memory (so also in entries, each weighing
 * at least 512 bytes) and holding only key hashes and
 * non-secret metadata; beside them, facts of applications that change as rarely and must apply
 * as exactly (a collection's settings), dropped with the application's keys. It answers only while {@link ClusterSync} holds this instance's lease;
 * every applied invalidation raises the epoch, and a fill whose database read began under an
 * older epoch is dropped, so no stale read outlives the invalidation that followed it.
 */
@Singleton // no client proxy: every key check calls it
public class LocalKeyCache {

    private final Cache<String, CachedCheck> known;
    private final Cache<String, CachedCheck> unknown;
    private final Cache<ApplicationFact, Object> applicationFacts;
    private final AtomicLong epoch = new AtomicLong();
    private final boolean enabled;
    private volatile long trustedUntilNanos;

    public LocalKeyCache(KeyCacheConfig settings) {
        enabled = settings.cacheEnabled();
        known = LocalCaches.weighedExpiringAfterWrite(settings.localMaxBytes(),
                (String hash, CachedCheck check) -> check.approximateBytes(), settings.sharedTtl());
        unknown = LocalCaches.expiringAfterWrite(settings.localMaxUnknown(), settings.unknownTtl());
        applicationFacts = LocalCaches.expiringAfterWrite(LocalCaches.APPLICATION_FACTS, settings.sharedTtl());
        trustedUntilNanos = System.nanoTime();
    }

    /** False when caching is switched off by configuration. */
    public boolean enabled() {
        return enabled;
    }

    /** The remembered check for a hash, or null when absent or while the cache is not trusted. */
    public CachedCheck get(String hash) {
        if (!trusted()) {
            return null;
        }
        CachedCheck check = known.getIfPresent(hash);
        return check != null ? check : unknown.getIfPresent(hash);
    }

    /** The epoch to pass to {@link #put} for a check about to be read from a slower tier. */
    public long epoch() {
        return epoch.get();
    }

    public void put(String hash, CachedCheck check, long epochBeforeRead) {
        if (!trusted() || epoch.get() != epochBeforeRead) {
            return;
        }
        Cache<String, CachedCheck> target = check.unknown() ? unknown : known;
        target.put(hash, check);
        // an invalidation that ran between the test above and the put must not be undone
        if (epoch.get() != epochBeforeRead) {
            target.invalidate(hash);
        }
    }

    /** One fact of an application, by its name, or null when absent or while the cache is not trusted. */
    public <T> T applicationFact(UUID applicationId, Object name, Class<T> type) {
        return trusted() ? type.cast(applicationFacts.getIfPresent(new ApplicationFact(applicationId, name))) : null;
    }

    /** Remembers a fact read from PostgreSQL under {@code epochBeforeRead}, as {@link #put} does a check. */
    public void putApplicationFact(UUID applicationId, Object name, Object value, long epochBeforeRead) {
        if (!trusted() || epoch.get() != epochBeforeRead) {
            return;
        }
        ApplicationFact fact = new ApplicationFact(applicationId, name);
        applicationFacts.put(fact, value);
        if (epoch.get() != epochBeforeRead) {
            applicationFacts.invalidate(fact);
        }
    }

    public void evictKey(UUID keyId) {
        evict(check -> check.key().keyId().equals(keyId));
    }

    public void evictApplication(UUID applicationId) {
        evict(check -> check.key().applicationId().equals(applicationId));
        applicationFacts.asMap().keySet().removeIf(fact -> fact.applicationId().equals(applicationId));
    }

    public void clear() {
        epoch.incrementAndGet();
        known.invalidateAll();
        unknown.invalidateAll();
        applicationFacts.invalidateAll();
    }

    /** Called by the sync loop after each successful round. */
    void trustUntil(long nanos) {
        trustedUntilNanos = nanos;
    }

    public boolean trusted() {
        return enabled && System.nanoTime() - trustedUntilNanos < 0;
    }

    public long size() {
        known.cleanUp();
        unknown.cleanUp();
        return known.estimatedSize() + unknown.estimatedSize();
    }

    private void evict(Predicate<CachedCheck> affected) {
        epoch.incrementAndGet();
        known.asMap().values().removeIf(affected);
    }

    private record ApplicationFact(UUID applicationId, Object name) {
    }
}
