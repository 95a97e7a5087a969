package dev.latchkey.ratelimit;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Request budgets; defaults in application.properties (test keys lower than live, as Stripe). */
@ConfigMapping(prefix = "latchkey.rate-limit")
public interface RateLimitConfig {

    /** Off, no request is limited and no RateLimit headers are sent (for measuring the limiter's cost). */
    @WithDefault("true")
    boolean enabled();

    /** Every live key without a budget of its own. */
    Allowance live();

    /** Every test key without a budget of its own. */
    Allowance test();

    /** identify calls per client address, on top of the key's budget. */
    Allowance identifyPerAddress();

    /** end-user login attempts per client address and application environment, on top of the key's budget. */
    Allowance loginPerAddress();

    /** end-user signups per client address, whatever the application: each one costs a bcrypt hash. */
    Allowance signupPerAddress();

    /** End-user mails asked for (verification, reset, magic link) per client address. */
    Allowance mailPerAddress();

    /** End-user mails asked for per e-mail address and application environment, whoever asks. */
    Allowance mailPerEmail();

    /** Leak reports ({@code POST /api/v1/keys/leaked}, no credential) from one client address. */
    Allowance leakReportsPerAddress();

    /** Failed key checks (reads of Redis and PostgreSQL that found no key) per client address. */
    Allowance failedChecksPerAddress();

    /** Failed key checks of all addresses together, across the cluster: what unknown keys may cost the database. */
    Allowance failedChecks();

    /**
     * IPv6 clients also spend from their /48's budget for each per-address action: this many times
     * the /64's allowance (a routed /48 holds 65,536 /64s, so /64 budgets alone would not bound it).
     */
    @WithDefault("16")
    int ipv6AggregateFactor();

    /** A configured budget: so many requests per window. */
    interface Allowance {
        int limit();

        Duration window();
    }
}
