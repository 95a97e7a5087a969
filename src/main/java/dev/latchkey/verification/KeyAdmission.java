package dev.latchkey.verification;

import java.time.Instant;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Timestamps;
import dev.latchkey.cors.KeyPlaneCors;
import dev.latchkey.credits.CreditLedger;
import dev.latchkey.leak.ExposedKeys;
import dev.latchkey.key.KeyType;
import dev.latchkey.ratelimit.Decision;
import dev.latchkey.ratelimit.RequestLimits;
import dev.latchkey.usage.UsageRecorder;
import dev.latchkey.verification.cache.CachedCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The admission pipeline: every entry point that judges a key (the key plane's filter, the
 * authentication mechanism, identify, verify) runs it (from memory on the event loop when it can, else on a worker
 * thread), and it alone decides, in this order: the key by its hash (in-process cache, Redis,
 * PostgreSQL), its owner, revocation, expiry, suspension, a publishable key's origin, a secret
 * key in a browser, a secret key's address allowlist, the key's rate limit, the scopes asked for,
 * then its credits (a pass spends them: one, or verify's cost). The outcome
 * is an {@link Admission}; usage, last-used times and metrics are recorded here, once.
 */
@Singleton // no client proxy: every key check calls it
public class KeyAdmission {

    @Inject
    KeyCheck check;

    @Inject
    RequestLimits limits;

    @Inject
    UsageRecorder usage;

    @Inject
    LastUsedRecorder lastUsed;

    @Inject
    CreditLedger credits;

    @Inject
    ExposedKeys exposed;

    /**
     * The warm path, safe on an event-loop thread: the judgement when the in-process cache knows
     * the key, or null when Redis or PostgreSQL must be read ({@link #admitBlocking}, on a worker).
     * When this instance's batch of the key's budget decides and the key has no credits to spend,
     * the judgement is decided when this returns ({@link Judgement#now}).
     */
    public Judgement fromMemory(AdmissionRequest request) {
        CachedCheck warm = check.fromMemory(request.key());
        return warm == null ? null : judge(request, warm);
    }

    /** The whole judgement on a thread that may block: from the in-process cache, else from Redis and PostgreSQL. */
    public Admission admitBlocking(AdmissionRequest request) {
        Judgement warm = fromMemory(request);
        return warm != null ? warm.await() : fromStores(request);
    }

    /** The whole judgement without blocking the caller: from memory when it can, else later, on a worker thread. */
    public Judgement admit(AdmissionRequest request) {
        Judgement warm = fromMemory(request);
        return warm != null ? warm
                : Judgement.pending(Uni.createFrom().item(() -> fromStores(request)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /**
     * What refuses an admitted key now, or null while it would still pass before its budget: for a
     * request that stays open (a realtime stream) and must end when its key is revoked, rotated
     * out, expires or is suspended. Spends nothing and records nothing. Blocks on a cold cache.
     */
    public AdmissionStatus refusalNow(AdmissionRequest request) {
        return refusal(request, check.lookup(request.key(), null), Timestamps.now());
    }

    /** After an in-process miss: Redis, else PostgreSQL. Blocks. */
    private Admission fromStores(AdmissionRequest request) {
        return judge(request, check.lookup(request.key(), request.address())).await();
    }

    /** One clock read per check: the check's own time is also the key's last-used time. */
    private Judgement judge(AdmissionRequest request, CachedCheck found) {
        Instant now = Timestamps.now();
        AdmissionStatus refusal = refusal(request, found, now);
        if (refusal != null) {
            // a key the caller may not see (another application's) is judged, and recorded, as no key at all
            boolean visible = !found.unknown() && ownedAsRequired(request, found.key());
            return Judgement.decided(recorded(new Admission(refusal, visible ? found.key() : null, null), request, now));
        }
        VerifiedKey key = found.key();
        if (!limits.enabled()) {
            return withinBudget(request, key, null, now);
        }
        Decision local = limits.spendLocally(key, request.address());
        if (local != null) {
            return withinBudget(request, key, local, now);
        }
        return Judgement.pending(limits.spendAskingRedis(key, request.address())
                .flatMap(decision -> withinBudget(request, key, decision, now).uni()));
    }

    /** The rest of the judgement once the key's budget has decided ({@code decision} null: limits off). */
    private Judgement withinBudget(AdmissionRequest request, VerifiedKey key, Decision decision, Instant now) {
        if (decision != null && !decision.allowed()) {
            return Judgement.decided(recorded(new Admission(AdmissionStatus.RATE_LIMITED, key, decision), request, now));
        }
        if (request.scopes() != null && !request.scopes().stream().allMatch(key::holds)) {
            return Judgement.decided(recorded(new Admission(AdmissionStatus.INSUFFICIENT_SCOPES, key, decision), request, now));
        }
        if (key.credits() == null) {
            return Judgement.decided(recorded(new Admission(AdmissionStatus.VALID, key, decision), request, now));
        }
        return Judgement.pending(credits.spend(key, request.cost(), now).map(spent -> recorded(
                new Admission(spent.allowed() ? AdmissionStatus.VALID : AdmissionStatus.USAGE_EXCEEDED, key, decision, spent),
                request, now)));
    }

    /** What refuses the key before its budget is asked, in the contract's order; null when nothing does. */
    private static AdmissionStatus refusal(AdmissionRequest request, CachedCheck found, Instant now) {
        if (found.unknown() || !ownedAsRequired(request, found.key())) {
            return AdmissionStatus.INVALID;
        }
        VerifiedKey key = found.key();
        if (found.revokedAt() != null && !now.isBefore(found.revokedAt())) {
            return AdmissionStatus.REVOKED;
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            return AdmissionStatus.EXPIRED;
        }
        if (!key.enabled()) {
            return AdmissionStatus.DISABLED;
        }
        if (key.type() == KeyType.PUBLISHABLE && !key.application().allowsOrigin(request.origin())) {
            return AdmissionStatus.ORIGIN_NOT_ALLOWED;
        }
        if (key.type() == KeyType.SECRET && request.fromBrowser()) {
            return AdmissionStatus.SECRET_KEY_IN_BROWSER;
        }
        if (key.type() == KeyType.SECRET && request.publishableOnly()) {
            return AdmissionStatus.INVALID;
        }
        if (key.ipAllowlist() != null && !key.ipAllowlist().allows(request.ip())) {
            return AdmissionStatus.IP_NOT_ALLOWED;
        }
        return null;
    }

    /** Another application's key, or its own key of the other environment, is no key to judge. */
    private static boolean ownedAsRequired(AdmissionRequest request, VerifiedKey key) {
        AdmissionRequest.Owner owner = request.owner();
        return owner == null || (owner.applicationId().equals(key.applicationId()) && owner.environment() == key.environment());
    }

    /**
     * The answer's RateLimit and CORS headers (an admitted publishable key's origin, a refused
     * secret key's in a browser), and usage, which counts every ending once: a refusal now; a pass
     * when its answer is sent, by that answer's status (a permission refused later is
     * {@code forbidden}), or now when the pipeline's outcome is the answer (verify).
     */
    private Admission recorded(Admission admission, AdmissionRequest request, Instant now) {
        VerifiedKey key = admission.key();
        if (request.answer() != null) {
            // the answer's RateLimit headers report the key's budget, refused or not
            RequestLimits.expose(request.answer(), admission.rateLimit());
        }
        if (!admission.passed()) {
            usage.record(key, admission.status().usage());
            if (admission.status() == AdmissionStatus.SECRET_KEY_IN_BROWSER && request.answer() != null) {
                exposed.seenInBrowser(key.keyId(), request.origin());
                // the page's developer must be able to read why its secret key was refused
                KeyPlaneCors.allow(request.answer(), request.origin());
            }
            return admission;
        }
        lastUsed.used(key.keyId(), now);
        if (request.answer() != null) {
            if (key.type() == KeyType.PUBLISHABLE) {
                KeyPlaneCors.allow(request.answer(), request.origin());
            }
            usage.trackResponse(request.answer(), key);
        } else {
            usage.record(key, admission.status().usage());
        }
        return admission;
    }
}
