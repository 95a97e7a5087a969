package dev.latchkey.data;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queries no index serves take turns, {@code LATCHKEY_DATA_UNINDEXED_QUERIES} (default 1) at a
 * time per application on each instance: such a query may read a whole collection until its time
 * limit, and an application sending many at once would keep as many PostgreSQL backends busy,
 * taking the CPU every other route needs. One that ran past its limit is not run again on this
 * instance for {@link #REMEMBERED} (asked again, it is refused at once). Queries an index serves
 * never wait here.
 */
@ApplicationScoped
public class UnindexedQueries {

    @ConfigProperty(name = "latchkey.data.unindexed-queries", defaultValue = "1")
    int perApplication;

    static final Duration REMEMBERED = Duration.ofMinutes(1);

    /** Weak values: an application's turns live while one of its queries holds or awaits one. */
    private LoadingCache<UUID, Semaphore> turns;
    /** The shapes of queries that ran past their time limit lately (see {@link dev.latchkey.data.query.DocumentQuery#shape}). */
    private final Cache<String, Boolean> pastTheLimit = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REMEMBERED).build();

    @PostConstruct
    void create() {
        turns = Caffeine.newBuilder().weakValues().build(application -> new Semaphore(perApplication, true));
    }

    /** A turn, to release when its query ends; {@code waited}: it was not free at once, so its query has less than its limit. */
    public record Turn(Semaphore semaphore, boolean waited) {

        public void release() {
            semaphore.release();
        }
    }

    /** A turn for one of the application's unindexed queries; null when none came by the deadline. */
    public Turn await(UUID applicationId, long deadlineNanos) {
        Semaphore semaphore = turns.get(applicationId);
        if (semaphore.tryAcquire()) {
            return new Turn(semaphore, false);
        }
        try {
            return semaphore.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS) ? new Turn(semaphore, true) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    void ranPastTheLimit(String shape) {
        pastTheLimit.put(shape, Boolean.TRUE);
    }

    boolean ranPastTheLimitLately(String shape) {
        return pastTheLimit.getIfPresent(shape) != null;
    }

    int perApplication() {
        return perApplication;
    }
}
