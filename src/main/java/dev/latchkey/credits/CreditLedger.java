package dev.latchkey.credits;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.caller.CreditBalance;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.LocalCaches;
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

    @Inject
    CreditStore store;

    private final Cache<UUID, Lease> leases = LocalCaches.expiringAfterAccess(LocalCaches.CREDIT_LEASES, Duration.ofHours(1));

    /** The outcome of one spend: allowed or not, the balance to show, and when a refused key refills (0: never). */
    public record Spent(boolean allowed, CreditBalance balance, long retryAfterSeconds) {
    }

    /** Spends {@code cost} credits of a key with credits; from this instance's lease at once, else after leasing more. */
    public Uni<Spent> spend(VerifiedKey key, int cost, Instant now) {
        CreditsSpec spec = key.credits();
        long period = spec.periodOf(now);
        Lease lease = leases.get(key.keyId(), id -> new Lease());
        synchronized (lease) {
            lease.follow(spec.version(), period);
            if (lease.local >= cost) {
                lease.local -= cost;
                return Uni.createFrom().item(new Spent(true, lease.balance(spec), 0));
            }
            if (lease.exhausted) {
                return Uni.createFrom().item(refused(lease, spec, now));
            }
        }
        return Uni.createFrom().item(() -> leaseAndSpend(key.keyId(), spec, period, lease, cost, now))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The balance as PostgreSQL has it now plus this instance's unspent lease: never above what
     * the key can still serve (other instances' leases are not counted). Blocking: one query.
     */
    public CreditBalance freshBalance(VerifiedKey key, Instant now) {
        CreditsSpec spec = key.credits();
        long period = spec.periodOf(now);
        Long unleased = store.unleased(key.keyId(), period);
        if (unleased == null) {
            return null;
        }
        Lease lease = leases.getIfPresent(key.keyId());
        long local = 0;
        if (lease != null) {
            synchronized (lease) {
                local = lease.version == spec.version() && lease.period == period ? lease.local : 0;
            }
        }
        return CreditBalance.of(unleased + local, spec);
    }

    private Spent leaseAndSpend(UUID keyId, CreditsSpec spec, long period, Lease lease, int cost, Instant now) {
        long need;
        synchronized (lease) {
            need = Math.max(1, cost - lease.local);
        }
        CreditStore.Taken taken = store.take(keyId, period, need);
        synchronized (lease) {
            if (lease.version != spec.version() || lease.period != period) {
                // the setting or the period changed while we leased: what we got belongs to neither
                return refused(lease, spec, now);
            }
            lease.local += taken.granted();
            lease.unleased = taken.unleased();
            if (lease.local >= cost) {
                lease.local -= cost;
                return new Spent(true, lease.balance(spec), 0);
            }
            // too few left for this request; what was taken stays here for cheaper ones
            lease.exhausted = taken.unleased() == 0;
            return refused(lease, spec, now);
        }
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
        /** PostgreSQL had nothing left at the last lease: refuse without asking until the period or setting changes. */
        boolean exhausted;

        void follow(long currentVersion, long currentPeriod) {
            if (version != currentVersion || period != currentPeriod) {
                version = currentVersion;
                period = currentPeriod;
                local = 0;
                unleased = 0;
                exhausted = false;
            }
        }

        CreditBalance balance(CreditsSpec spec) {
            return CreditBalance.of(unleased + local, spec);
        }
    }
}
