package dev.latchkey.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;

/** Verifications per key and day, by outcome, over {@code from}..{@code to} (UTC days, both included). */
public record UsageView(LocalDate from, LocalDate to, List<KeyDay> data) {

    public record KeyDay(UUID keyId, String keyName, KeyType type, Environment environment, LocalDate day,
            Map<String, Long> outcomes, long total) {
    }
}
