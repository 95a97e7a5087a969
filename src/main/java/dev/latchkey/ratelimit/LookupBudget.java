package dev.latchkey.ratelimit;

import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Bounds what unknown keys (and, for preflights, unknown origins) cost. Anyone can mint
 * well-formed keys (the checksum is public), and each unknown one would be a Redis and a
 * PostgreSQL read. So a check that misses the in-process cache first reserves a permit from its
 * client address's budget (its /64 for IPv6, and its /48's, {@link RateLimitConfig#ipv6AggregateFactor}
 * times larger), and one that Redis cannot answer either (Redis holds
 * only keys that exist) a permit from the cluster's budget before PostgreSQL; past either, 429
 * before the read. A read that finds what it looked for, or that fails (a store outage is no
 * failed check), gives its permit back, so what the budgets count is failed checks.
 */
@ApplicationScoped
public class LookupBudget {

    private static final String GLOBAL = "failed-checks:all";

    @Inject
    RateLimiter limiter;

    @Inject
    RateLimitConfig config;

    @Inject
    RequestLimits limits;

    /**
     * Runs {@code read} (Redis, then PostgreSQL) once a permit is reserved from {@code address}'s
     * budget; 429 {@code rate_limited} instead when it is spent. Null: no address pays (verify,
     * whose caller's own budget bounds it). Blocks: worker threads only.
     */
    public <T> T perAddress(String address, Supplier<T> read, Predicate<T> found) {
        if (address == null) {
            return read.get();
        }
        Supplier<T> withinAggregate = read;
        Budget aggregate = limits.aggregateBudget("failed-checks", address, config.failedChecksPerAddress());
        if (aggregate != null) {
            withinAggregate = () -> within(aggregate, read, found);
        }
        return within(Budget.of("failed-checks:" + ClientAddress.budgetKey(address), config.failedChecksPerAddress()),
                withinAggregate, found);
    }

    /**
     * Runs {@code read} (PostgreSQL) once a permit is reserved from the cluster's budget; 429
     * instead when it is spent. Only reads Redis could not answer pay, so a flood of unknown keys
     * cannot refuse valid keys that Redis holds. Blocks: worker threads only.
     */
    public <T> T cluster(Supplier<T> read, Predicate<T> found) {
        return within(Budget.of(GLOBAL, config.failedChecks()), read, found);
    }

    /** The permit is given back when {@code found} says the read found what it looked for, or when the read fails. */
    private <T> T within(Budget budget, Supplier<T> read, Predicate<T> found) {
        if (!config.enabled()) {
            return read.get();
        }
        long takenAt = System.currentTimeMillis();
        Decision decision = limiter.acquire(budget).await().indefinitely();
        if (!decision.allowed()) {
            throw ApiException.rateLimited(decision.resetSeconds(), "Too many failed key checks; retry after the time in Retry-After");
        }
        T result;
        try {
            result = read.get();
        } catch (RuntimeException e) {
            limiter.release(budget, takenAt); // a store that failed is no failed check
            throw e;
        }
        if (found.test(result)) {
            limiter.release(budget, takenAt);
        }
        return result;
    }
}
