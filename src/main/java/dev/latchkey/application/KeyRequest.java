package dev.latchkey.application;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.key.Environment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/applications/{id}/keys}: an extra secret key. {@code permissions}
 * is "all" (the default), "read_only" or a map such as {@code {"data": "write"}}.
 */
public record KeyRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull Environment environment,
        JsonNode permissions,
        Instant expiresAt,
        @Valid RateLimitSpec rateLimit) {
}
