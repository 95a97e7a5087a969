package dev.latchkey.verification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.caller.CreditBalance;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.ratelimit.Decision;

/**
 * The answer of {@code POST /api/v1/keys/verify}. For {@code INVALID} nothing but the code is
 * told: the key may belong to another application, which must not show.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VerifyResult(boolean valid, AdmissionStatus code, UUID keyId, KeyType type, Environment environment,
        UUID applicationId, String tenantId, String name, Map<String, Object> meta, String externalId, Boolean enabled,
        List<String> scopes, Map<String, String> permissions, Instant expiresAt, CreditBalance credits, RateLimitState ratelimit) {

    /** The verified key's budget after this call. */
    public record RateLimitState(int limit, long remaining, long reset) {

        static RateLimitState of(Decision decision) {
            return decision == null ? null : new RateLimitState(decision.limit(), decision.remaining(), decision.resetSeconds());
        }
    }

    /** The pipeline's outcome as verify answers it: the code is the status's name; INVALID tells nothing more. */
    static VerifyResult of(Admission admission, CreditBalance credits) {
        VerifiedKey key = admission.key();
        if (admission.status() == AdmissionStatus.INVALID) {
            return new VerifyResult(false, AdmissionStatus.INVALID, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null);
        }
        return new VerifyResult(admission.passed(), admission.status(), key.keyId(), key.type(), key.environment(),
                key.applicationId(), key.tenantId(), key.name(), key.meta(), key.externalId(), key.enabled(), key.scopes(),
                key.permissions().toMap(), key.expiresAt(), credits,
                RateLimitState.of(admission.rateLimit()));
    }
}
