package dev.latchkey.application;

import dev.latchkey.key.Environment;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Optional body of rotate-secret: which environment (default live) and how long the old key lives on. */
public record RotateRequest(
        Environment environment,
        @Min(0) @Max(604_800) Long gracePeriodSeconds) {

    Environment environmentOrDefault() {
        return environment == null ? Environment.LIVE : environment;
    }

    long graceOrDefault() {
        return gracePeriodSeconds == null ? 0 : gracePeriodSeconds;
    }
}
