package dev.latchkey.credits;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.caller.CreditBalance;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.LocalCaches;
import dev.latchkey.common.Timestamps;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Spends a key's credits without a database round trip per request while they are plentiful: an
 * instance leases a batch from PostgreSQL ({@link CreditStore}) and spends it locally. Credits are
 * leased before they are spent, so across all instances a key never serves more than its credits;
 * at worst a lease is lost with its instance (fewer served, never more). A lease belongs to one
 * refill period and one version of the admin's setting: a new period or a changed setting drops it.
 * Redis plays no part, so a Redis outage changes nothing here.
 */
@ApplicationScoped
public class CreditLedger {

    /**
     * A request that needs a refill waits for at most this many. Each refill either brings credits
     * or finds none left (and every waiting request is counted in the next one's size), so a
     * request is served or refused long before this; it only bounds a pathological churn.
     */
    private static final int MAX_WAITS = 32;

    @Inject
    CreditStore store;

    private final BalanceReads<CreditBalance> balanceReads = new BalanceReads<>();
    private final Cache<UUID, Lease> leases = LocalCaches.expiringAfterAccess(LocalCaches.CREDIT_LEASES, Duration.ofHours(1));

    /** The outcome of one spend: allowed or not, the balance to show, and when a refused key refills (0: never). */
    public record Spent(boolean allowed, CreditBalance balance, long retryAfterSeconds) {
    }

    /**
     * Spends {@code cost} credits of a key with credits: from this instance's lease at once, else
     * after the lease is refilled. One refill per key is in flight at a time (the requests that
     * need it wait for that one), and a refill starts in the background once a lease runs low, so
     * while credits are plentiful no request waits for PostgreSQL.
     */
    public Uni<Spent> spend(VerifiedKey key, int cost, Instant now) {
        return spend(key, cost, now, MAX_WAITS, new Waiter(cost));
    }

    private Uni<Spent> spend(VerifiedKey key, int cost, Instant now, int waitsLeft, Waiter waiter) {
        CreditsSpec spec = key.credits();
        long period = spec.periodOf(now);
        Lease lease = leases.get(key.keyId(), id -> new Lease());
        if (waiter.lease != lease) {
            waiter.release(); // the lease it waited in was evicted meanwhile: its demand went with it
        }
        CompletableFuture<Void> refill;
        synchronized (lease) {
            lease.follow(spec.version(), period);
            if (lease.local >= cost) {
                lease.local -= cost;
                waiter.release();
                if (lease.local < lease.lowWater && lease.unleased > 0 && lease.inFlight == null) {
                    refill(key.keyId(), spec, period, lease, 1);
                }
                return Uni.createFrom().item(new Spent(true, lease.balance(spec), 0));
            }
            if (lease.exhausted || waitsLeft == 0) {
                waiter.release();
                return Uni.createFrom().item(refused(lease, spec, now));
            }
            // a burst waits together: the next lease is sized for every request waiting here, not
            // only the first (leases of one credit each would refuse most of a burst)
            waiter.countIn(lease);
            try {
                refill = lease.inFlight != null ? lease.inFlight
                        : refill(key.keyId(), spec, period, lease, Math.max(cost, lease.demand) - lease.local);
            } catch (RuntimeException e) {
                waiter.release();
                throw e;
            }
        }
        return Uni.createFrom().completionStage(refill).onItemOrFailure().transformToUni((done, failure) -> {
            if (failure != null) {
                waiter.release();
                return Uni.createFrom().<Spent>failure(failure);
            }
            return spend(key, cost, now, waitsLeft - 1, waiter);
        }).onCancellation().invoke(waiter::release); // a caller that went away waits no more
    }

    /**
     * One request's share of a lease's {@code demand}: counted while it waits for a refill, taken
     * back exactly once, whether it is then served, refused, failed or cancelled.
     */
    private static final class Waiter {
        private final int cost;
        private final AtomicBoolean counted = new AtomicBoolean();
        private volatile Lease lease;

        Waiter(int cost) {
            this.cost = cost;
        }

        /** Called holding {@code into}. */
        void countIn(Lease into) {
            if (counted.compareAndSet(false, true)) {
                lease = into;
                into.demand += cost;
            }
        }

        void release() {
            if (counted.compareAndSet(true, false)) {
                Lease from = lease;
                synchronized (from) {
                    from.demand -= cost;
                }
            }
        }
    }

    /** Starts leasing more on a worker thread; the lease's {@code inFlight} until it has landed. Called holding the lease. */
    private CompletableFuture<Void> refill(UUID keyId, CreditsSpec spec, long period, Lease lease, long need) {
        CompletableFuture<Void> refill = CompletableFuture.runAsync(() -> {
            CreditStore.Taken taken;
            try {
                taken = store.take(keyId, period, need);
            } catch (RuntimeException e) {
                synchronized (lease) {
                    lease.inFlight = null;
                }
                throw e;
            }
            synchronized (lease) {
                lease.inFlight = null;
                // a new setting or period meanwhile: what was taken belongs to neither, and is dropped
                if (lease.version == spec.version() && lease.period == period) {
                    lease.local += taken.granted();
                    lease.landed += taken.granted();
                    lease.unleased = taken.unleased();
                    lease.lowWater = taken.granted() / 4;
                    lease.exhausted = taken.unleased() == 0;
                }
            }
        }, Infrastructure.getDefaultWorkerPool());
        lease.inFlight = refill;
        return refill;
    }

    /**
     * {@link #freshBalance} without blocking the caller: read on a worker thread, in a read that
     * starts after this call (callers at once share one read).
     */
    public Uni<CreditBalance> currentBalance(VerifiedKey key) {
        return Uni.createFrom().completionStage(balanceReads.join(key.keyId(), () -> freshBalance(key, Timestamps.now())));
    }

    /**
     * The balance as PostgreSQL has it now plus this instance's unspent lease: never above what
     * the key can still serve (other instances' leases are not counted). Blocking: one query.
     * <p>
     * A lease that lands while PostgreSQL is read may already be in the unleased count read or
     * not: its credits are left out of the unspent lease, so they are counted at most once
     * (CreditsIT saw them twice, showing up to one lease more than was left).
     */
    private CreditBalance freshBalance(VerifiedKey key, Instant now) {
        CreditsSpec spec = key.credits();
        long period = spec.periodOf(now);
        Lease lease = leases.getIfPresent(key.keyId());
        long landedBefore = 0;
        if (lease != null) {
            synchronized (lease) {
                landedBefore = lease.landed;
            }
        }
        Long unleased = store.unleased(key.keyId(), period);
        if (unleased == null) {
            return null;
        }
        long local = 0;
        if (lease != null) {
            synchronized (lease) {
                boolean current = lease.version == spec.version() && lease.period == period;
                local = current ? Math.max(0, lease.local - (lease.landed - landedBefore)) : 0;
            }
        }
        return CreditBalance.of(unleased + local, spec);
    }

    private static Spent refused(Lease lease, CreditsSpec spec, Instant now) {
        return new Spent(false, lease.balance(spec), spec.secondsToRefill(now));
    }

    /** One key's credits on this instance: its unspent lease, and what PostgreSQL had left when it last leased. */
    private static final class Lease {
        long version = -1;
        long period;
        long local;
        long unleased;
        /** Every credit ever added to {@code local} by a lease (never reset): tells a balance read which leases landed during it. */
        long landed;
        /** PostgreSQL had nothing left at the last lease: refuse without asking until the period or setting changes. */
        boolean exhausted;
        /** Below this many unspent credits, a refill starts in the background. */
        long lowWater;
        /** The refill under way, or null. */
        CompletableFuture<Void> inFlight;
        /** Credits wanted by the requests waiting for a refill here (kept across a new period or setting: they still wait). */
        long demand;

        void follow(long currentVersion, long currentPeriod) {
            if (version != currentVersion || period != currentPeriod) {
                version = currentVersion;
                period = currentPeriod;
                local = 0;
                unleased = 0;
                lowWater = 0;
                exhausted = false;
            }
        }

        CreditBalance balance(CreditsSpec spec) {
            return CreditBalance.of(unleased + local, spec);
        }
    }
}
