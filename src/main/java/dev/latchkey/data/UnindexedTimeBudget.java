package dev.latchkey.data;

import java.util.concurrent.TimeUnit;

/**
 * One application's time for queries no index serves on one instance: {@code capacity}, given back
 * at {@code capacity} a minute. A query is charged the time it held its turn once it ends, so the
 * balance may fall below zero: one that started with a little left pays back the rest before the
 * next one starts. Times are {@link System#nanoTime()} readings, passed in so that tests set them.
 * A token bucket of our own: none of the project's libraries keeps one locally that may run into debt.
 */
final class UnindexedTimeBudget {

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final double capacity;
    /** Nanoseconds given back per nanosecond. */
    private final double rate;
    private double balance;
    private long updatedAt;

    UnindexedTimeBudget(long capacityNanos, long now) {
        if (capacityNanos <= 0) {
            throw new IllegalArgumentException("The time budget must be positive");
        }
        capacity = capacityNanos;
        rate = (double) capacityNanos / MINUTE;
        balance = capacityNanos;
        updatedAt = now;
    }

    /** How long until a query may start: 0 while some of the budget is left. */
    synchronized long nanosUntilAvailable(long now) {
        refill(now);
        return balance > 0 ? 0 : Math.max(1, (long) Math.ceil(-balance / rate));
    }

    synchronized void charge(long nanos, long now) {
        refill(now);
        balance -= nanos;
    }

    private void refill(long now) {
        balance = Math.min(capacity, balance + (now - updatedAt) * rate);
        updatedAt = now;
    }
}
