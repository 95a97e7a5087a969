package dev.latchkey.common;

/**
 * Every Redis key name the instances share, in one place; versioned so a format change can
 * coexist. Keys that one script or one check uses together share a hash tag (the part in braces),
 * so that a Redis Cluster keeps them in one slot: the verification keys all share
 * {@code {verification}}, a rate-limit bucket's windows share the bucket, and failed-login counts
 * share their application and environment.
 */
public final class RedisKeys {

    private static final String VERIFICATION = "latchkey:v2:{verification}:";

    /** Stream of invalidations: field {@code target} is {@code key:<id>} or {@code app:<id>}. */
    public static final String INVALIDATIONS = VERIFICATION + "invalidations";
    /** Hash of live instances: id to {@code <last stream id applied>|<lease end, epoch millis>}. */
    public static final String INSTANCES = VERIFICATION + "instances";
    /** Replaced by a new random token at every invalidation: guards Redis cache fills against stale reads. */
    public static final String FILL_GUARD = VERIFICATION + "fill-guard";
    /** The Redis cache's generation: entries of an earlier one are misses; replaced when an instance rejoins after losing Redis. */
    public static final String GENERATION = VERIFICATION + "generation";
    /** Prefix of Redis cache entries, followed by the hex of a stored key hash. */
    public static final String CHECK_PREFIX = VERIFICATION + "check:";
    /** Prefix of every rate-limit window count (for tests and tools that clear them). */
    public static final String RATE_PREFIX = "latchkey:v2:rate:";
    private static final String LOGIN_FAILURES_PREFIX = "latchkey:v2:login-failures:";
    private static final String REALTIME_STREAMS_PREFIX = "latchkey:v2:realtime-streams:";

    private RedisKeys() {
    }

    /** The count of one rate-limit bucket in one window. */
    public static String rateWindow(String bucket, long window) {
        return RATE_PREFIX + "{" + bucket + "}:" + window;
    }

    /** The prefix of the failed-login counts of one application's environment. */
    public static String loginFailures(Object applicationId, String environment) {
        return LOGIN_FAILURES_PREFIX + "{" + applicationId + ":" + environment + "}";
    }

    /** The open realtime streams of one publishable key from one client address, each with the end of its lease. */
    public static String realtimeStreams(Object keyId, String address) {
        return REALTIME_STREAMS_PREFIX + "{" + keyId + ":" + address + "}";
    }
}
