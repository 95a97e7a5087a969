package dev.latchkey.verification;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.ratelimit.Decision;

/**
 * The answer of {@code POST /api/v1/keys/verify}. For {@code INVALID} nothing but the code is
 * told: the key may belong to another application, which must not show.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VerifyResult(boolean valid, Code code, KeyType type, Environment environment, UUID applicationId,
        String tenantId, List<String> scopes, Map<String, String> permissions, Instant expiresAt, RateLimitState ratelimit) {

    public enum Code {
        VALID, INVALID, REVOKED, EXPIRED, INSUFFICIENT_SCOPES, ORIGIN_NOT_ALLOWED, RATE_LIMITED, SECRET_KEY_IN_BROWSER
    }

    /** The verified key's budget after this call. */
    public record RateLimitState(int limit, long remaining, long reset) {

        static RateLimitState of(Decision decision) {
            return decision == null ? null : new RateLimitState(decision.limit(), decision.remaining(), decision.resetSeconds());
        }
    }

    static VerifyResult invalid() {
        return new VerifyResult(false, Code.INVALID, null, null, null, null, null, null, null, null);
    }

    static VerifyResult of(Code code, VerifiedKey key, Decision decision) {
        return new VerifyResult(code == Code.VALID, code, key.type(), key.environment(), key.applicationId(), key.tenantId(),
                key.scopes(), key.permissions().toMap(), key.expiresAt(), RateLimitState.of(decision));
    }
}
