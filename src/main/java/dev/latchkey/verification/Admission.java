package dev.latchkey.verification;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.http.ApiException;
import dev.latchkey.ratelimit.Decision;

/**
 * What the admission pipeline decided: the status, the key when it exists (null for
 * {@code INVALID}), and the key's rate-limit decision when one was taken (null otherwise).
 */
public record Admission(AdmissionStatus status, VerifiedKey key, Decision rateLimit) {

    /** A key that is malformed or known to no application, decided without a lookup or after one. */
    public static Admission invalid() {
        return new Admission(AdmissionStatus.INVALID, null, null);
    }

    public boolean passed() {
        return status == AdmissionStatus.VALID;
    }

    /** The contract's error answer for a refusal, with Retry-After when the budget said when. */
    public ApiException failure() {
        if (status == AdmissionStatus.RATE_LIMITED && rateLimit != null) {
            return ApiException.rateLimited(rateLimit.resetSeconds(), status.message());
        }
        return new ApiException(status.httpStatus(), status.error(), status.message(), null);
    }
}
