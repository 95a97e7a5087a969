package dev.latchkey.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.caller.CreditBalance;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A key in listings. Never the secret: {@code hint} identifies it; a publishable key's value is
 * public and shown as {@code publishable_key}. {@code secret_key} is present only in the answer
 * that minted the key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record KeyView(
        UUID id,
        KeyType type,
        Environment environment,
        String name,
        String hint,
        String publishableKey,
        String secretKey,
        boolean primary,
        Map<String, String> permissions,
        RateLimitSpec rateLimit,
        List<String> scopes,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant createdAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant lastUsedAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant expiresAt,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant revokedAt,
        UUID replacedBy,
        @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> meta,
        @JsonInclude(JsonInclude.Include.ALWAYS) String externalId,
        boolean enabled,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> ipAllowlist,
        @JsonInclude(JsonInclude.Include.ALWAYS) CreditBalance credits,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant exposedAt) {

    /**
     * What no instance has leased yet (so never more than the truth), counted in the current
     * refill period: a period the key has not been used in starts from the refill amount.
     */
    private static CreditBalance credits(ApiKey key) {
        if (key.creditsRemaining == null) {
            return null;
        }
        CreditsSpec spec = new CreditsSpec(key.creditsRefillAmount, key.creditsRefillInterval, key.creditsVersion);
        long period = spec.periodOf(Timestamps.now());
        boolean refilled = spec.refillInterval() != null && (key.creditsPeriod == null || key.creditsPeriod != period);
        return CreditBalance.of(refilled ? key.creditsRefillAmount : key.creditsRemaining, spec);
    }

    static KeyView of(ApiKey key) {
        return of(key, null);
    }

    static KeyView of(ApiKey key, String secretValue) {
        RateLimitSpec rateLimit = RateLimitSpec.ofStored(key.rateLimit, key.rateLimitWindowSeconds);
        return new KeyView(key.id, key.type, key.environment, key.name, key.hint, key.publishableValue, secretValue,
                key.primary, key.permissions, rateLimit, key.scopes, key.createdAt, key.lastUsedAt, key.expiresAt, key.revokedAt,
                key.replacedBy, key.meta, key.externalId, key.enabled, key.ipAllowlist, credits(key), key.exposedAt);
    }
}
