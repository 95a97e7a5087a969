package dev.latchkey.application;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.http.ApiException;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code PATCH /api/v1/applications/{id}/keys/{keyId}}: fields left out stay as they
 * are; {@code rate_limit: null} removes the key's own limit, an object sets it; {@code scopes}
 * restricts a secret key to a list of the application's scopes, {@code null} gives it all again;
 * {@code meta}, {@code external_id} and {@code ip_allowlist} are set, or cleared by {@code null};
 * {@code enabled} suspends or restores the key; {@code credits} sets the count (and refill) anew,
 * {@code null} makes the key unlimited ({@link KeyFields}).
 */
public record KeyUpdate(
        @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        JsonNode rateLimit,
        JsonNode scopes,
        JsonNode meta,
        JsonNode externalId,
        JsonNode enabled,
        JsonNode ipAllowlist,
        JsonNode credits) {

    /** The new limit, or null to remove it; only meaningful when {@code rate_limit} was sent. */
    RateLimitSpec rateLimitSpec() {
        if (rateLimit.isNull()) {
            return null;
        }
        JsonNode limit = rateLimit.get("limit");
        JsonNode window = rateLimit.get("window_seconds");
        if (!rateLimit.isObject() || rateLimit.size() != 2 || !isWhole(limit, 1, 1_000_000) || !isWhole(window, 1, 86_400)) {
            throw ApiException.invalidRequest("rate_limit must be null or {limit: 1..1000000, window_seconds: 1..86400}");
        }
        return new RateLimitSpec(limit.intValue(), window.intValue());
    }

    /** The new scope list; only meaningful when {@code scopes} was sent and is not null. */
    List<String> scopeList() {
        if (!scopes.isArray() || scopes.size() > 100) {
            throw ApiException.invalidRequest("scopes must be null or a list of at most 100 scopes");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode scope : scopes) {
            if (!scope.isTextual() || !scope.textValue().matches(ApplicationFields.SCOPE)) {
                throw ApiException.invalidRequest("scopes: each " + ApplicationFields.SCOPE_MESSAGE);
            }
            list.add(scope.textValue());
        }
        return list;
    }

    private static boolean isWhole(JsonNode value, int min, int max) {
        return value != null && value.canConvertToInt() && value.isIntegralNumber() && value.intValue() >= min && value.intValue() <= max;
    }
}
