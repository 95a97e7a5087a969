package dev.latchkey.verification;

import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.latchkey.common.ApiException;
import dev.latchkey.common.ClientAddress;
import dev.latchkey.common.LatchkeyConfig;
import dev.latchkey.ratelimit.Budget;
import dev.latchkey.ratelimit.Decision;
import dev.latchkey.ratelimit.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bounds what unknown keys (and, for preflights, unknown origins) cost. Anyone can mint
 * well-formed keys (the checksum is public), and each unknown one is a PostgreSQL read. So every
 * such read is first reserved from a budget of the client address (its /64 for IPv6) and from one
 * of the whole cluster; past either, 429 before the read. Redis is asked first and needs no
 * reservation: it holds only keys that exist, sealed. A read that finds what it looked for, or
 * that fails (a store outage is no failed check), gives its reservation back, so what the budgets
 * count is failed checks.
 */
@ApplicationScoped
public class LookupBudget {

    private static final String GLOBAL = "failed-checks:all";

    @Inject
    RateLimiter limiter;

    @Inject
    LatchkeyConfig config;

    /**
     * Runs {@code read} once a permit is reserved for {@code payer} (a client address, or null for
     * the cluster's budget alone: verify, whose caller's own budget bounds it); 429
     * {@code rate_limited} instead when a budget is spent. The permit is given back when
     * {@code found} says the read found what it looked for, or when the read fails. Blocks:
     * worker threads only.
     */
    public <T> T read(String payer, Supplier<T> read, Predicate<T> found) {
        long takenAt = System.currentTimeMillis();
        if (!config.rateLimit().enabled()) {
            return read.get();
        }
        Budget perAddress = payer == null ? null
                : Budget.of("failed-checks:" + ClientAddress.budgetKey(payer), config.rateLimit().failedChecksPerAddress());
        if (perAddress != null) {
            Decision mine = limiter.acquire(perAddress).await().indefinitely();
            if (!mine.allowed()) {
                throw refused(mine);
            }
        }
        Decision all = limiter.acquire(global()).await().indefinitely();
        if (!all.allowed()) {
            refund(perAddress, null, takenAt);
            throw refused(all);
        }
        T result;
        try {
            result = read.get();
        } catch (RuntimeException e) {
            refund(perAddress, global(), takenAt); // a store that failed is no failed check
            throw e;
        }
        if (found.test(result)) {
            refund(perAddress, global(), takenAt);
        }
        return result;
    }

    private void refund(Budget perAddress, Budget global, long takenAt) {
        if (perAddress != null) {
            limiter.release(perAddress, takenAt);
        }
        if (global != null) {
            limiter.release(global, takenAt);
        }
    }

    private Budget global() {
        return Budget.of(GLOBAL, config.rateLimit().failedChecks());
    }

    private static ApiException refused(Decision decision) {
        return ApiException.rateLimited(decision.resetSeconds(), "Too many failed key checks; retry after the time in Retry-After");
    }
}
