package dev.latchkey.verification.cache;

/** The Redis keys the instances share for verification; versioned so a format change can coexist. */
final class ClusterKeys {

    /** Stream of invalidations: field {@code target} is {@code key:<id>} or {@code app:<id>}. */
    static final String INVALIDATIONS = "latchkey:v1:invalidations";
    /** Hash of live instances: id to {@code <last stream id applied>|<lease end, epoch millis>}. */
    static final String INSTANCES = "latchkey:v1:instances";
    /** Raised by every invalidation: guards Redis cache fills against stale reads. */
    static final String SEQUENCE = "latchkey:v1:invalidation-seq";
    /** Prefix of Redis cache entries, followed by the hex of a stored key hash. */
    static final String CHECK_PREFIX = "latchkey:v1:check:";

    private ClusterKeys() {
    }
}
