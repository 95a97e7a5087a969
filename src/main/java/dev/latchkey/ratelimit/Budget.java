package dev.latchkey.ratelimit;

import java.time.Duration;


/** {@code limit} requests per {@code window} for one bucket (a key, or a client address for one action). */
public record Budget(String bucket, int limit, long windowMillis) {

    public static Budget of(String bucket, int limit, Duration window) {
        return new Budget(bucket, limit, window.toMillis());
    }

    public static Budget of(String bucket, RateLimitConfig.Allowance configured) {
        return of(bucket, configured.limit(), configured.window());
    }
}
