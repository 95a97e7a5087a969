package dev.latchkey.application;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.key.Environment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/v1/applications/{id}/keys}: an extra secret key. {@code permissions}
 * is "all" (the default), "read_only" or a map such as {@code {"data": "write"}}; {@code scopes}
 * restricts the key to some of the application's custom scopes (absent: all of them). {@code meta},
 * {@code external_id}, {@code enabled}, {@code ip_allowlist} and {@code credits} are checked by {@link KeyFields}.
 */
public record KeyRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull Environment environment,
        JsonNode permissions,
        Instant expiresAt,
        @Valid RateLimitSpec rateLimit,
        @Size(max = 100) List<@NotNull @Pattern(regexp = ApplicationFields.SCOPE,
                message = ApplicationFields.SCOPE_MESSAGE) String> scopes,
        JsonNode meta,
        JsonNode externalId,
        JsonNode enabled,
        JsonNode ipAllowlist,
        JsonNode credits) {
}
