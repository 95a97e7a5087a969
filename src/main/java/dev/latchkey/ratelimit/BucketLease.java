package dev.latchkey.ratelimit;

/** One bucket's state on this instance: its batch of permits, and its own counts for when Redis is down. */
final class BucketLease {
    long window = -1;
    int permits;
    /** What Redis said was left after the last grant (the budget itself before any). */
    long remaining;
    /** Until when Redis' last refusal holds, for the limit it was given. */
    long deniedUntil;
    int deniedLimit;
    long fallbackWindow = -1;
    long fallbackCurrent;
    long fallbackPrevious;

    void roll(long now, int limit) {
        if (window != now) {
            window = now;
            permits = 0;
            remaining = limit;
        }
    }

    void rollFallback(long now) {
        if (fallbackWindow != now) {
            fallbackPrevious = fallbackWindow == now - 1 ? fallbackCurrent : 0;
            fallbackCurrent = 0;
            fallbackWindow = now;
        }
    }
}
