package dev.latchkey.caller;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A key's credits as answers show them: {@code remaining}, and the refill (null: none). The
 * remaining count is what this instance knows for certain: PostgreSQL's unleased count after its
 * last lease plus its own unspent lease.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CreditBalance(long remaining, Refill refill) {

    public record Refill(long amount, String interval) {
    }

    public static CreditBalance of(long remaining, CreditsSpec spec) {
        return new CreditBalance(remaining, spec.refillInterval() == null ? null : new Refill(spec.refillAmount(), spec.refillInterval()));
    }
}
