package dev.latchkey.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlidingWindowTest {

    private static final long MINUTE = 60_000;

    @Test
    void thePreviousWindowWeighsWhatStillLiesInTheLastWindowsLength() {
        assertEquals(1_000_000, SlidingWindow.previousWeightPpm(10 * MINUTE, MINUTE));
        assertEquals(750_000, SlidingWindow.previousWeightPpm(10 * MINUTE + 15_000, MINUTE));
        assertEquals(5 + 8, SlidingWindow.used(5, 10, 750_000));
        assertEquals(5 + 7, SlidingWindow.used(5, 10, 700_000));
    }

    @Test
    void aFractionOfAPreviousRequestCountsAsOne() {
        // 3 of a limit of 5 just before the window turned: 2 more fit, not 3
        assertEquals(3, SlidingWindow.used(0, 3, 999_000));
        assertEquals(1, SlidingWindow.used(0, 1, 1));
        assertEquals(0, SlidingWindow.used(0, 0, 999_000));
    }

    @Test
    void retryAfterIsWhenOneMoreRequestFits() {
        // 10 per minute; 10 used in this window, none before: free again as the next window's weight falls
        // to 9/10, 6 s into it; 45 s of this window are left
        assertEquals(45 + 6, SlidingWindow.retryAfterSeconds(10 * MINUTE + 15_000, MINUTE, 10, 10, 0));
        // 4 in this window, 10 in the last: fits once 10 * weight <= 5, i.e. at 30 s; it is 15 s in
        assertEquals(15, SlidingWindow.retryAfterSeconds(10 * MINUTE + 15_000, MINUTE, 10, 4, 10));
        assertEquals(1, SlidingWindow.resetSeconds(10 * MINUTE + 59_999, MINUTE));
        assertEquals(60, SlidingWindow.resetSeconds(10 * MINUTE, MINUTE));
    }

    @Test
    void batchesAreSingleForSmallOrSpentBudgetsAndAFiftiethOtherwise() {
        assertEquals(1, RateLimiter.batchSize(5, 5));
        assertEquals(1, RateLimiter.batchSize(99, 99));
        assertEquals(20, RateLimiter.batchSize(1000, 1000));
        assertEquals(5, RateLimiter.batchSize(1000, 40));
        assertEquals(1, RateLimiter.batchSize(1000, 3));
        assertEquals(10_000, RateLimiter.batchSize(100_000_000, 100_000_000));
    }
}
