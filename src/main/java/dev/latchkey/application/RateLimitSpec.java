package dev.latchkey.application;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A key's own rate limit: {@code limit} requests per {@code window_seconds}. */
@RegisterForReflection
public record RateLimitSpec(
        @NotNull @Min(1) @Max(1_000_000) Integer limit,
        @NotNull @Min(1) @Max(86_400) Integer windowSeconds) {
}
