package dev.latchkey.ratelimit;

import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The budgets of the key plane: every verified key spends one request of its own budget (its
 * {@code rate_limit}, else its environment's default; a publishable key's per client address);
 * identify, end-user signup and login also spend from a budget per client address. The key's decision is what the RateLimit headers report.
 */
@Singleton // no client proxy: every key check calls it
public class RequestLimits {

    /** Routing-context entry: the key budget's decision for this request. */
    static final String DECISION = "latchkey.rate-limit.decision";

    @Inject
    RateLimiter limiter;

    @Inject
    RateLimitConfig config;

    /**
     * Spends one request of a key's budget (a publishable key's share for {@code address}, or the
     * key-wide budget when the address is null: verify) when this instance decides alone, from its
     * batch of permits: no Redis round trip, no waiting. Null when Redis must be asked
     * ({@link #spendAskingRedis}). Only with limits on ({@link #enabled}).
     */
    public Decision spendLocally(VerifiedKey key, String address) {
        return limiter.acquireLocally(budgetOf(key, address));
    }

    /** {@link #spendLocally} when it answered null: takes a batch of the key's budget from Redis. */
    public Uni<Decision> spendAskingRedis(VerifiedKey key, String address) {
        return limiter.askRedis(budgetOf(key, address));
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Makes {@code decision} the one the answer's RateLimit headers report. */
    public static void expose(RoutingContext context, Decision decision) {
        if (decision != null) {
            context.put(DECISION, decision);
        }
    }

    /**
     * Spends from a client address's budget for one action ({@code signup}, {@code login:<app>:<env>},
     * {@code leak-report}); 429 when spent. Blocks: worker threads only.
     */
    public void admitAddress(String action, String address, RateLimitConfig.Allowance budget) {
        admitAddressAsync(action, address, budget).await().indefinitely();
    }

    /** Spends from a budget that is not an address's ({@code mail:<e-mail>}); 429 when spent. Blocks: worker threads only. */
    public void admitNamed(String name, RateLimitConfig.Allowance budget) {
        if (config.enabled()) {
            admit(Budget.of(name, budget)).await().indefinitely();
        }
    }

    /** {@link #admitAddress} without blocking (identify): at once from this instance's batch, else after asking Redis. */
    public Uni<Void> admitAddressAsync(String action, String address, RateLimitConfig.Allowance budget) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Budget aggregate = aggregateBudget(action, address, budget);
        Uni<Void> admitted = admit(Budget.of(action + ":" + ClientAddress.budgetKey(address), budget));
        return aggregate == null ? admitted : admitted.flatMap(ignored -> admit(aggregate));
    }

    /** An IPv6 client's /48 budget for the action beside its /64's ({@link RateLimitConfig#ipv6AggregateFactor}); null for IPv4. */
    Budget aggregateBudget(String action, String address, RateLimitConfig.Allowance budget) {
        String prefix = ClientAddress.aggregateKey(address);
        long limit = (long) budget.limit() * Math.max(1, config.ipv6AggregateFactor());
        return prefix == null ? null : Budget.of(action + ":" + prefix, (int) Math.min(Integer.MAX_VALUE, limit), budget.window());
    }

    /** At once from this instance's batch, else after asking Redis; fails with 429 when spent. */
    private Uni<Void> admit(Budget budget) {
        Decision local = limiter.acquireLocally(budget);
        if (local != null) {
            return local.allowed() ? Uni.createFrom().voidItem() : Uni.createFrom().failure(refused(local));
        }
        return limiter.askRedis(budget).map(decision -> {
            if (!decision.allowed()) {
                throw refused(decision);
            }
            return null;
        });
    }

    public RateLimitConfig settings() {
        return config;
    }

    /**
     * A secret key's budget is the key's; a publishable key's is the key's per client address: it
     * sits in every browser of the application, so one abuser spending it must not refuse everyone.
     */
    Budget budgetOf(VerifiedKey key, String address) {
        String bucket = key.type() == KeyType.PUBLISHABLE && address != null
                ? "key:" + key.keyId() + ":" + ClientAddress.budgetKey(address) : "key:" + key.keyId();
        RateLimitSpec own = key.rateLimit();
        if (own != null) {
            return new Budget(bucket, own.limit(), own.windowSeconds() * 1000L);
        }
        RateLimitConfig.Allowance defaults = key.environment() == Environment.LIVE ? config.live() : config.test();
        return Budget.of(bucket, defaults);
    }

    private static ApiException refused(Decision decision) {
        return ApiException.rateLimited(decision.resetSeconds(), "Rate limit exceeded; retry after the time in Retry-After");
    }
}
