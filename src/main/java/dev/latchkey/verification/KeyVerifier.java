package dev.latchkey.verification;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.credits.CreditLedger;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.usage.Outcome;
import dev.latchkey.usage.UsageRecorder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Judges a key for its own application's backend through the admission pipeline, from the same
 * caches as every check (no database round trip when warm). A key of another application, or of
 * the caller's application in the other environment, is {@code INVALID} like an unknown one.
 * Unknown keys spend from the cluster's lookup budget only (the caller's own budget bounds it);
 * the judged key spends from its key-wide budget and counts the call in its usage.
 */
@ApplicationScoped
public class KeyVerifier {

    @Inject
    KeyAdmission admission;

    @Inject
    UsageRecorder usage;

    @Inject
    CreditLedger credits;

    /** Without blocking: a warm key is judged at once, a cold one (or a credit count to read) on a worker thread. */
    public Uni<VerifyResult> verify(VerifiedKey caller, VerifyRequest request) {
        String ip = request.clientIp();
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(request.key().trim());
        if (parsed == null) {
            usage.record(null, Outcome.INVALID);
            return Uni.createFrom().item(VerifyResult.of(Admission.invalid(), null));
        }
        return admission.admit(AdmissionRequest.judging(parsed, request.origin(), ip, request.scopes(), request.costOrDefault(), caller)).uni()
                .flatMap(admitted -> admitted.credits() == null
                        ? Uni.createFrom().item(VerifyResult.of(admitted, null))
                        // a backend deciding on credits gets a count that is never above the truth: read now
                        : credits.currentBalance(admitted.key()).map(balance -> VerifyResult.of(admitted, balance)));
    }
}
