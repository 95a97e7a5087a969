package dev.latchkey.ratelimit;

/**
 * The sliding-window counter (the two-window approximation Cloudflare describes): the requests of
 * the current fixed window plus those of the previous one, weighted by how much of it still lies
 * within the last window's length. Shared by the Redis script's callers and the fallback.
 */
final class SlidingWindow {

    private SlidingWindow() {
    }

    static long windowOf(long nowMillis, long windowMillis) {
        return nowMillis / windowMillis;
    }

    /** Weight of the previous window, in millionths (the Redis script works in integers). */
    static long previousWeightPpm(long nowMillis, long windowMillis) {
        long elapsed = nowMillis % windowMillis;
        return (windowMillis - elapsed) * 1_000_000L / windowMillis;
    }

    /**
     * Rounded up: a fraction of a previous request still counts as one, so that no request is
     * admitted beyond the limit (rounding down let one more through just after a window turned).
     */
    static long used(long current, long previous, long previousWeightPpm) {
        return current + (previous * previousWeightPpm + 999_999L) / 1_000_000L;
    }

    /** Seconds until the current window ends, at least 1. */
    static long resetSeconds(long nowMillis, long windowMillis) {
        long left = windowMillis - nowMillis % windowMillis;
        return Math.max(1, (left + 999) / 1000);
    }

    /**
     * Seconds until one more request fits, given this window's and the previous window's counts:
     * the previous window's weight shrinks as time passes, and past this window's end the current
     * count becomes the one that shrinks.
     */
    static long retryAfterSeconds(long nowMillis, long windowMillis, int limit, long current, long previous) {
        return Math.max(1, (retryAfterMillis(nowMillis, windowMillis, limit, current, previous) + 999) / 1000);
    }

    /** Milliseconds until one more request fits (see {@link #retryAfterSeconds}). */
    static long retryAfterMillis(long nowMillis, long windowMillis, int limit, long current, long previous) {
        long elapsed = nowMillis % windowMillis;
        long waitMillis;
        if (current < limit && previous > 0) {
            // free once previous * (window - t) / window <= limit - 1 - current
            double fraction = 1.0 - (double) (limit - 1 - current) / previous;
            waitMillis = Math.max(0, (long) Math.ceil(fraction * windowMillis) - elapsed);
        } else {
            double fraction = current == 0 ? 0 : Math.max(0, 1.0 - (double) (limit - 1) / current);
            waitMillis = (windowMillis - elapsed) + (long) Math.ceil(fraction * windowMillis);
        }
        return waitMillis;
    }
}
