package dev.latchkey.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Times at the precision PostgreSQL stores, so an answer shows exactly what a later read returns. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Instant stored(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** A timestamptz column of a native query, as the driver hands it over; null stays null. */
    public static Instant ofColumn(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp sql -> sql.toInstant();
            default -> throw new IllegalStateException("Unexpected timestamp " + value.getClass());
        };
    }
}
