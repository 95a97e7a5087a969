package dev.latchkey.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class UnindexedTimeBudgetTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aBudgetIsGivenBackAtItsSizeAMinuteAndNeverBeyondIt() {
        UnindexedTimeBudget budget = new UnindexedTimeBudget(5 * SECOND, 0);
        assertEquals(0, budget.nanosUntilAvailable(0));
        budget.charge(5 * SECOND + MILLI, 0);
        assertEquals(12 * MILLI, budget.nanosUntilAvailable(0), 1, "5 s a minute: 1 ms of it comes back in 12 ms");
        assertEquals(0, budget.nanosUntilAvailable(12 * MILLI + 24));
        // an hour idle fills it to 5 s, no more: 5 s and 1 ms leave a debt of 1 ms
        long anHourLater = TimeUnit.HOURS.toNanos(1);
        budget.charge(5 * SECOND + MILLI, anHourLater);
        assertEquals(12 * MILLI, budget.nanosUntilAvailable(anHourLater), 1);
    }

    @Test
    void aQueryChargedMoreThanWasLeftIsPaidBackBeforeTheNextStarts() {
        UnindexedTimeBudget budget = new UnindexedTimeBudget(5 * SECOND, 0);
        budget.charge(4 * SECOND, 0);
        assertEquals(0, budget.nanosUntilAvailable(0));
        // started with 1 s left, ran 3 s: 2 s of debt, given back in 24 s
        budget.charge(3 * SECOND, 0);
        assertEquals(24 * SECOND, budget.nanosUntilAvailable(0), 1);
        assertEquals(12 * SECOND, budget.nanosUntilAvailable(12 * SECOND), 1);
        assertEquals(0, budget.nanosUntilAvailable(24 * SECOND + 1));
    }

    @Test
    void aBudgetOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new UnindexedTimeBudget(0, 0));
    }
}
