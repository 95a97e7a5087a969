package dev.latchkey.verification;

import dev.latchkey.common.ApiException;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyType;
import dev.latchkey.ratelimit.Decision;
import dev.latchkey.ratelimit.RequestLimits;
import dev.latchkey.usage.Outcome;
import dev.latchkey.usage.UsageRecorder;
import dev.latchkey.verification.VerifyResult.Code;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Judges a key for its own application's backend, from the same caches as every check (no
 * database round trip when warm): the contract's order is shape, existence in the caller's
 * application and environment, revocation, expiry, origin, browser, rate limit, then scopes. The judged key's
 * budget and usage count the call.
 */
@ApplicationScoped
public class KeyVerifier {

    @Inject
    KeyCheck check;

    @Inject
    RequestLimits limits;

    @Inject
    UsageRecorder usage;

    /**
     * Unknown keys spend from the cluster's lookup budget only: the caller is an authenticated
     * secret key whose own budget bounds it, and its backend judges keys its own clients sent.
     * The judged key spends from its key-wide budget (a publishable key's, not a browser's share).
     */
    public VerifyResult verify(VerifiedKey caller, VerifyRequest request) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(request.key().trim());
        CachedCheck found = parsed == null ? CachedCheck.UNKNOWN : check.lookup(parsed, null);
        // another application's key, or this application's key of the other environment, is not
        // the caller's to judge: both answer as an unknown key would
        if (found.unknown() || !found.key().applicationId().equals(caller.applicationId())
                || found.key().environment() != caller.environment()) {
            usage.record(null, Outcome.INVALID);
            return VerifyResult.invalid();
        }
        VerifiedKey key = found.key();
        try {
            check.decide(found, key.type() == KeyType.PUBLISHABLE ? request.origin() : null);
        } catch (ApiException refused) {
            // decide() has counted the refusal for the key
            return VerifyResult.of(codeOf(refused), key, null);
        }
        if (key.type() == KeyType.SECRET && request.origin() != null) {
            usage.record(key, Outcome.FORBIDDEN);
            return VerifyResult.of(Code.SECRET_KEY_IN_BROWSER, key, null);
        }
        Decision decision = limits.spend(key);
        if (decision != null && !decision.allowed()) {
            usage.record(key, Outcome.RATE_LIMITED);
            return VerifyResult.of(Code.RATE_LIMITED, key, decision);
        }
        if (request.scopes() != null && !request.scopes().stream().allMatch(key::holds)) {
            usage.record(key, Outcome.FORBIDDEN);
            return VerifyResult.of(Code.INSUFFICIENT_SCOPES, key, decision);
        }
        usage.record(key, Outcome.OK);
        return VerifyResult.of(Code.VALID, key, decision);
    }

    private static Code codeOf(ApiException refused) {
        return switch (refused.body().error()) {
            case "api_key_revoked" -> Code.REVOKED;
            case "api_key_expired" -> Code.EXPIRED;
            case "origin_not_allowed" -> Code.ORIGIN_NOT_ALLOWED;
            default -> Code.INVALID;
        };
    }
}
