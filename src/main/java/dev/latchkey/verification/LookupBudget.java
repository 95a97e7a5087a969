package dev.latchkey.verification;

import dev.latchkey.common.ApiException;
import dev.latchkey.common.LatchkeyConfig;
import dev.latchkey.ratelimit.Budget;
import dev.latchkey.ratelimit.Decision;
import dev.latchkey.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bounds what unknown keys (and, for preflights, unknown origins) cost. Anyone can mint well-formed keys (the checksum is public), and
 * each unknown one is a Redis and a PostgreSQL read. So every read of the slower tiers is first
 * reserved from a budget of the client address and from one of the whole cluster; past either,
 * 429 before any lookup. A read that finds a key gives its reservation back (a valid key's first
 * check costs no budget, and its later ones are answered from memory), so what the budgets count
 * is failed checks: unknown keys, and the odd key that then fails for another reason.
 */
@ApplicationScoped
public class LookupBudget {

    private static final String GLOBAL = "failed-checks:all";

    @Inject
    RateLimiter limiter;

    @Inject
    LatchkeyConfig config;

    /** Reserves one slower-tier read for this address; fails with 429 {@code rate_limited} when a budget is spent. */
    public Uni<Void> reserve(String address) {
        if (!config.rateLimit().enabled()) {
            return Uni.createFrom().voidItem();
        }
        Budget perAddress = perAddress(address);
        return limiter.acquire(perAddress).chain(mine -> {
            if (!mine.allowed()) {
                return Uni.createFrom().failure(refused(mine));
            }
            return limiter.acquire(global()).map(all -> {
                if (!all.allowed()) {
                    limiter.release(perAddress);
                    throw refused(all);
                }
                return null;
            });
        });
    }

    /** After the read: a key that exists returns its reservation; an unknown one keeps it spent. */
    public void settle(String address, CachedCheck found) {
        if (!found.unknown()) {
            refund(address);
        }
    }

    /** Returns a reservation whose read found what it looked for. */
    public void refund(String address) {
        if (config.rateLimit().enabled()) {
            limiter.release(perAddress(address));
            limiter.release(global());
        }
    }

    private Budget perAddress(String address) {
        return Budget.of("failed-checks:" + address, config.rateLimit().failedChecksPerAddress());
    }

    private Budget global() {
        return Budget.of(GLOBAL, config.rateLimit().failedChecks());
    }

    private static ApiException refused(Decision decision) {
        return ApiException.rateLimited(decision.resetSeconds(), "Too many failed key checks; retry after the time in Retry-After");
    }
}
