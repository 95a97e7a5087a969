package dev.latchkey.verification;

import io.smallrye.mutiny.Uni;

/**
 * An admission decided now, on the calling thread ({@link #now}), or later, when Redis,
 * PostgreSQL or the credit ledger answers ({@link #later}); exactly one is set. A warm key is
 * decided now: the key plane's filter then goes on without a Mutiny subscription and without
 * suspending the request (bench/findings.md, fifth round).
 */
public record Judgement(Admission now, Uni<Admission> later) {

    static Judgement decided(Admission admission) {
        return new Judgement(admission, null);
    }

    static Judgement pending(Uni<Admission> later) {
        return new Judgement(null, later);
    }

    /** The admission, whenever it is decided. */
    public Uni<Admission> uni() {
        return now != null ? Uni.createFrom().item(now) : later;
    }

    /** The admission, waiting for it if it is not decided yet: threads that may block only. */
    Admission await() {
        return now != null ? now : later.await().indefinitely();
    }
}
