package dev.latchkey.ratelimit;

import java.time.Duration;

import dev.latchkey.common.LatchkeyConfig;

/** {@code limit} requests per {@code window} for one bucket (a key, or a client address for one action). */
public record Budget(String bucket, int limit, long windowMillis) {

    public static Budget of(String bucket, int limit, Duration window) {
        return new Budget(bucket, limit, window.toMillis());
    }

    public static Budget of(String bucket, LatchkeyConfig.Budget configured) {
        return of(bucket, configured.limit(), configured.window());
    }
}
