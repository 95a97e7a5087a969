package dev.latchkey.caller;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A key's credits as the check knows them (never the count itself, which changes with every
 * request and lives in PostgreSQL and the instances' leases): the refill, if any, and the version
 * of the admin's last change. Null on a key means unlimited.
 *
 * @param refillAmount what {@code remaining} is set back to at each refill; null: no refill
 * @param refillInterval {@code daily} (00:00 UTC) or {@code monthly} (the 1st, 00:00 UTC); null: no refill
 */
public record CreditsSpec(Long refillAmount, String refillInterval, long version) {

    public static final String DAILY = "daily";
    public static final String MONTHLY = "monthly";
    /** The period of a key without refill: its credits never renew. */
    public static final long NO_PERIOD = -1;

    /** The refill period an instant lies in: the UTC day or month number; {@link #NO_PERIOD} without refill. */
    public long periodOf(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (DAILY.equals(refillInterval)) {
            return day.toEpochDay();
        }
        if (MONTHLY.equals(refillInterval)) {
            return day.getYear() * 12L + day.getMonthValue() - 1;
        }
        return NO_PERIOD;
    }

    /** Seconds until the next refill (at least 1), or 0 when the credits never renew. */
    public long secondsToRefill(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate next;
        if (DAILY.equals(refillInterval)) {
            next = day.plusDays(1);
        } else if (MONTHLY.equals(refillInterval)) {
            next = day.withDayOfMonth(1).plusMonths(1);
        } else {
            return 0;
        }
        return Math.max(1, next.atStartOfDay(ZoneOffset.UTC).toEpochSecond() - now.getEpochSecond());
    }
}
