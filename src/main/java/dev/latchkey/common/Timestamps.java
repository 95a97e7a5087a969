package dev.latchkey.common;

import java.time.Instant;
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
}
