package dev.latchkey.verification.cache;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The key-state caches (in-process and Redis) and how instances keep them exact. */
@ConfigMapping(prefix = "latchkey.verification")
public interface KeyCacheConfig {

    /** Whether checks use the in-process and Redis caches; off, every check reads PostgreSQL. */
    @WithDefault("true")
    boolean cacheEnabled();

    /** Heap the in-process cache may use for known keys, in bytes (estimated per entry). */
    @WithDefault("16777216")
    long localMaxBytes();

    /** Unknown keys (negative entries, about 200 bytes each) the in-process cache holds at most. */
    @WithDefault("50000")
    long localMaxUnknown();

    /** How long an unknown key is remembered as unknown. */
    @WithDefault("30s")
    Duration unknownTtl();

    /** How long a key stays in the Redis cache without being invalidated. */
    @WithDefault("5m")
    Duration sharedTtl();

    /** How often an instance reads the invalidation stream and renews its lease. */
    @WithDefault("50ms")
    Duration syncInterval();

    /**
     * How long an instance trusts its in-process cache after its last successful sync, and
     * so the longest a change waits for an instance that has gone silent.
     */
    @WithDefault("2s")
    Duration lease();
}
