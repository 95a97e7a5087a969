package dev.latchkey.common;

/** Every Redis key name the instances share, in one place; versioned so a format change can coexist. */
public final class RedisKeys {

    /** Stream of invalidations: field {@code target} is {@code key:<id>} or {@code app:<id>}. */
    public static final String INVALIDATIONS = "latchkey:v1:invalidations";
    /** Hash of live instances: id to {@code <last stream id applied>|<lease end, epoch millis>}. */
    public static final String INSTANCES = "latchkey:v1:instances";
    /** Raised by every invalidation: guards Redis cache fills against stale reads. */
    public static final String SEQUENCE = "latchkey:v1:invalidation-seq";
    /** Prefix of Redis cache entries, followed by the hex of a stored key hash. */
    public static final String CHECK_PREFIX = "latchkey:v1:check:";
    /** Prefix of rate-limit window counts, followed by the bucket and the window's number. */
    public static final String RATE_PREFIX = "latchkey:v1:rate:";
    /** Prefix of failed-login counts, followed by application, environment and what is counted. */
    public static final String LOGIN_FAILURES_PREFIX = "latchkey:v1:login-failures:";

    private RedisKeys() {
    }
}
