package dev.latchkey.application;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Optional body of rotate-secret: which environment (default live), which key (default the secret one) and how long the old key lives on. */
public record RotateRequest(
        Environment environment,
        @Min(0) @Max(604_800) Long gracePeriodSeconds,
        @Pattern(regexp = "secret|publishable", message = "must be \"secret\" or \"publishable\"") String type) {

    KeyType typeOrDefault() {
        return "publishable".equals(type) ? KeyType.PUBLISHABLE : KeyType.SECRET;
    }

    Environment environmentOrDefault() {
        return environment == null ? Environment.LIVE : environment;
    }

    long graceOrDefault() {
        return gracePeriodSeconds == null ? 0 : gracePeriodSeconds;
    }
}
