package dev.latchkey.caller;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A key's own rate limit: {@code limit} requests per {@code window_seconds}. */
@RegisterForReflection
public record RateLimitSpec(
        @NotNull @Min(1) @Max(1_000_000) Integer limit,
        @NotNull @Min(1) @Max(86_400) Integer windowSeconds) {

    /** The stored pair as a spec; null when the key has no limit of its own. */
    public static RateLimitSpec ofStored(Integer limit, Integer windowSeconds) {
        return limit == null ? null : new RateLimitSpec(limit, windowSeconds);
    }
}
