package dev.latchkey.verification;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.credits.CreditLedger;
import dev.latchkey.http.ApiException;
import dev.latchkey.ratelimit.Decision;

/**
 * What the admission pipeline decided: the status, the key when it exists (null for
 * {@code INVALID}), the key's rate-limit decision when one was taken, and its credits when it has
 * some and they were asked (null otherwise).
 */
public record Admission(AdmissionStatus status, VerifiedKey key, Decision rateLimit, CreditLedger.Spent credits) {

    public Admission(AdmissionStatus status, VerifiedKey key, Decision rateLimit) {
        this(status, key, rateLimit, null);
    }

    /** A key that is malformed or known to no application, decided without a lookup or after one. */
    public static Admission invalid() {
        return new Admission(AdmissionStatus.INVALID, null, null);
    }

    public boolean passed() {
        return status == AdmissionStatus.VALID;
    }

    /** This admission when it passed; else its refusal, thrown. */
    public Admission orThrow() {
        if (!passed()) {
            throw failure();
        }
        return this;
    }

    /** The contract's error answer for a refusal, with Retry-After when the budget said when. */
    public ApiException failure() {
        if (status == AdmissionStatus.RATE_LIMITED && rateLimit != null) {
            return ApiException.rateLimited(rateLimit.resetSeconds(), status.message());
        }
        if (status == AdmissionStatus.USAGE_EXCEEDED && credits != null) {
            return ApiException.usageExceeded(credits.retryAfterSeconds(), status.message());
        }
        return new ApiException(status.httpStatus(), status.error(), status.message(), null);
    }
}
