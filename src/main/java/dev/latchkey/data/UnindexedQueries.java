package dev.latchkey.data;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Queries no index serves take turns, {@code LATCHKEY_DATA_UNINDEXED_QUERIES} (default 1) at a
 * time per application on each instance: such a query may read a whole collection until its time
 * limit, and an application sending many at once would keep as many PostgreSQL backends busy,
 * taking the CPU every other route needs. Their turns together may last
 * {@code LATCHKEY_DATA_UNINDEXED_TIME} (default 5 s) a minute per application on each instance
 * ({@link UnindexedTimeBudget}): one after another they would still keep a backend busy. One that
 * ran past its limit is not run again on this instance for {@link #REMEMBERED} (asked again, it is
 * refused at once). Queries an index serves never wait here.
 */
@ApplicationScoped
@Startup
public class UnindexedQueries {

    static final Duration REMEMBERED = Duration.ofMinutes(1);

    @ConfigProperty(name = "latchkey.data.unindexed-queries", defaultValue = "1")
    int perApplication;

    @ConfigProperty(name = "latchkey.data.unindexed-time", defaultValue = "5s")
    Duration perMinute;

    /** Weak values: an application's turns live while one of its queries holds or awaits one. */
    private LoadingCache<UUID, Semaphore> turns;
    /**
     * A budget's debt is at most its turns' time limits (about 1 s by default), paid back within
     * seconds: one idle for 10 minutes is full, as good as a new one.
     */
    private LoadingCache<UUID, UnindexedTimeBudget> budgets;
    /** The shapes of queries that ran past their time limit lately (see {@link dev.latchkey.data.query.DocumentQuery#shape}). */
    private final Cache<String, Boolean> pastTheLimit = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REMEMBERED).build();

    @PostConstruct
    void create() {
        if (perMinute.isNegative() || perMinute.isZero()) {
            throw new IllegalStateException("latchkey.data.unindexed-time (LATCHKEY_DATA_UNINDEXED_TIME) must be a positive duration, not " + perMinute);
        }
        turns = Caffeine.newBuilder().weakValues().build(application -> new Semaphore(perApplication, true));
        budgets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
                .build(application -> new UnindexedTimeBudget(perMinute.toNanos(), System.nanoTime()));
    }

    /** Why a query is not run now: how the error's message goes on after "The query". */
    public static final class NotNow extends Exception {

        NotNow(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * A turn, to release when its query ends, which charges its time to the application's budget;
     * {@code waited}: it was not free at once, so its query has less than its limit.
     */
    public static final class Turn {

        private final Semaphore semaphore;
        private final UnindexedTimeBudget budget;
        private final boolean waited;
        private final long startedAt = System.nanoTime();

        private Turn(Semaphore semaphore, UnindexedTimeBudget budget, boolean waited) {
            this.semaphore = semaphore;
            this.budget = budget;
            this.waited = waited;
        }

        public boolean waited() {
            return waited;
        }

        public void release() {
            long now = System.nanoTime();
            budget.charge(now - startedAt, now);
            semaphore.release();
        }
    }

    /**
     * A turn for one of the application's unindexed queries, waiting for it until the deadline;
     * none when the same query ran past its limit lately, the wait reached the deadline, or the
     * application's time for such queries is spent.
     */
    public Turn admit(UUID applicationId, String shape, Duration limit, long deadlineNanos) throws NotNow {
        if (pastTheLimit.getIfPresent(shape) != null) {
            throw new NotNow("ran past its time limit of " + limit.toMillis() + " ms less than " + REMEMBERED.toSeconds()
                    + " s ago on this instance, and is not run again before then");
        }
        UnindexedTimeBudget budget = budgets.get(applicationId);
        refuseWhenSpent(budget);
        Semaphore semaphore = turns.get(applicationId);
        boolean waited = !semaphore.tryAcquire();
        if (waited && !acquire(semaphore, deadlineNanos)) {
            throw new NotNow("waited past its time limit of " + limit.toMillis() + " ms for its turn (queries no index serves run "
                    + perApplication + " at a time per application on each instance)");
        }
        Turn turn = new Turn(semaphore, budget, waited);
        try {
            // the turn's previous holder may have spent what was left
            refuseWhenSpent(budget);
        } catch (NotNow spent) {
            turn.release();
            throw spent;
        }
        return turn;
    }

    void ranPastTheLimit(String shape) {
        pastTheLimit.put(shape, Boolean.TRUE);
    }

    private void refuseWhenSpent(UnindexedTimeBudget budget) throws NotNow {
        long wait = budget.nanosUntilAvailable(System.nanoTime());
        if (wait > 0) {
            throw new NotNow("was not run: this application's queries that no index serves have used their " + perMinute.toMillis()
                    + " ms a minute on this instance (the next may run in " + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999)) + " s)");
        }
    }

    private static boolean acquire(Semaphore semaphore, long deadlineNanos) {
        try {
            return semaphore.tryAcquire(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
