package dev.latchkey.verification;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.latchkey.common.ApiException;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.usage.Outcome;
import dev.latchkey.usage.UsageRecorder;
import dev.latchkey.verification.cache.LocalKeyCache;
import dev.latchkey.verification.cache.SharedKeyCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The per-request key check, in the contract's order: shape and checksum (no I/O), then the key
 * by its keyed hash from the in-process cache, Redis, or PostgreSQL, then revocation, expiry and
 * origin, decided at each use. Failures are the contract's errors and never repeat the key.
 */
@ApplicationScoped
public class KeyCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final KeyHasher hasher;
    private final KeyLookup lookup;
    private final LocalKeyCache local;
    private final SharedKeyCache shared;
    private final LastUsedRecorder lastUsed;
    private final UsageRecorder usage;
    private final LookupBudget budget;
    private final Counter localHits;
    private final Counter sharedHits;
    private final Counter databaseReads;
    private final Counter joinedReads;
    /** Slow-tier reads under way, by local key, so that concurrent misses of one key read once. */
    private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

    /** A read begun under an epoch of the local cache; only a miss under the same epoch may join it. */
    private record InFlight(long epoch, CompletableFuture<CachedCheck> answer) {
    }

    @Inject
    public KeyCheck(KeyHasher hasher, KeyLookup lookup, LocalKeyCache local, SharedKeyCache shared,
            LastUsedRecorder lastUsed, UsageRecorder usage, LookupBudget budget, MeterRegistry registry) {
        this.hasher = hasher;
        this.lookup = lookup;
        this.local = local;
        this.shared = shared;
        this.lastUsed = lastUsed;
        this.usage = usage;
        this.budget = budget;
        localHits = tier(registry, "local");
        sharedHits = tier(registry, "redis");
        databaseReads = tier(registry, "database");
        joinedReads = tier(registry, "joined");
    }

    /** Shape and checksum only: what the caller may know without any lookup. */
    public static ApiKeyFormat.ParsedKey parse(String value) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(value);
        if (parsed == null) {
            throw invalid();
        }
        return parsed;
    }

    /**
     * The warm path, safe on an event-loop thread: the answer from the in-process cache, or null
     * when it has none and {@link #verify} must run on a worker thread.
     */
    public VerifiedKey fromMemory(ApiKeyFormat.ParsedKey parsed, String origin) {
        if (!local.trusted()) {
            return null;
        }
        CachedCheck check = local.get(HEX.formatHex(hasher.hash(parsed.value())));
        if (check == null) {
            return null;
        }
        localHits.increment();
        return decide(check, origin);
    }

    /**
     * The full check for a request from {@code address}; a PostgreSQL read is paid for from that
     * address's lookup budget ({@link LookupBudget}). May block on Redis and PostgreSQL, so never
     * on an event-loop thread.
     */
    public VerifiedKey verify(ApiKeyFormat.ParsedKey parsed, String origin, String address) {
        return decide(lookup(parsed, address), origin);
    }

    /**
     * What the tiers know of a well-formed key (L1, then Redis, then PostgreSQL within the lookup
     * budget of {@code payer}: a client address, or null for the cluster's budget alone), filling
     * the caches. Blocking.
     */
    public CachedCheck lookup(ApiKeyFormat.ParsedKey parsed, String payer) {
        List<KeyHasher.VersionedHash> candidates = hasher.candidates(parsed.value());
        String localKey = HEX.formatHex(candidates.getFirst().hash());
        CachedCheck check = local.get(localKey);
        if (check != null) {
            localHits.increment();
            return check;
        }
        long epoch = local.epoch();
        if (!local.enabled()) {
            // caching switched off: every check reads for itself, none shares another's read
            return readSlowTiers(candidates, localKey, epoch, payer);
        }
        InFlight mine = new InFlight(epoch, new CompletableFuture<>());
        InFlight running = inFlight.putIfAbsent(localKey, mine);
        if (running != null) {
            // joining is safe only if no invalidation was applied since that read began: a
            // later one may be a change answered already, which the read may not have seen
            if (running.epoch() == epoch) {
                joinedReads.increment();
                return await(running.answer());
            }
            return readSlowTiers(candidates, localKey, epoch, payer);
        }
        try {
            CachedCheck read = readSlowTiers(candidates, localKey, epoch, payer);
            mine.answer().complete(read);
            return read;
        } catch (RuntimeException e) {
            mine.answer().completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(localKey, mine);
        }
    }

    /** Redis, then PostgreSQL, within the payer's lookup budget. */
    private CachedCheck readSlowTiers(List<KeyHasher.VersionedHash> candidates, String localKey, long epoch, String payer) {
        return budget.perAddress(payer, () -> readSharedThenDatabase(candidates, localKey, epoch), check -> !check.unknown());
    }

    private CachedCheck readSharedThenDatabase(List<KeyHasher.VersionedHash> candidates, String localKey, long epoch) {
        SharedKeyCache.Lookup cached = shared.get(candidates.stream().map(c -> HEX.formatHex(c.hash())).toList());
        if (cached != null && cached.check() != null) {
            sharedHits.increment();
            local.put(localKey, cached.check(), epoch);
            return cached.check();
        }
        KeyLookup.Loaded loaded = budget.cluster(() -> lookup.byHashes(candidates), read -> !read.check().unknown());
        databaseReads.increment();
        // unknown keys stay out of Redis: anyone can mint them, so they would fill it at will
        if (cached != null && !loaded.check().unknown()) {
            shared.put(loaded.storedHash(), loaded.check(), cached.sequence());
        }
        local.put(localKey, loaded.check(), epoch);
        return loaded.check();
    }

    /** The answer of a read another request began, failing as that read failed (a store outage stays a 503). */
    private static CachedCheck await(CompletableFuture<CachedCheck> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Refusals are counted here, where the key is known; a pass is counted with its answer ({@link UsageRecorder}). */
    VerifiedKey decide(CachedCheck check, String origin) {
        if (check.unknown()) {
            usage.record(null, Outcome.INVALID);
            throw invalid();
        }
        VerifiedKey key = check.key();
        Instant now = Timestamps.now();
        if (check.revokedAt() != null && !now.isBefore(check.revokedAt())) {
            usage.record(key, Outcome.REVOKED);
            throw new ApiException(401, "api_key_revoked", "This API key has been revoked", null);
        }
        if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
            usage.record(key, Outcome.EXPIRED);
            throw new ApiException(401, "api_key_expired", "This API key has expired", null);
        }
        if (key.type() == KeyType.PUBLISHABLE && !key.application().allowsOrigin(origin)) {
            usage.record(key, Outcome.ORIGIN_NOT_ALLOWED);
            throw new ApiException(403, "origin_not_allowed", "This origin is not allowed for the application", null);
        }
        lastUsed.used(key.keyId(), now);
        return key;
    }

    static ApiException invalid() {
        return new ApiException(401, "invalid_api_key", "The API key is not valid", null);
    }

    private static Counter tier(MeterRegistry registry, String tier) {
        return Counter.builder("latchkey.key.lookups").tag("tier", tier)
                .description("Key checks answered by each tier (local, redis), database reads, and misses that joined a read under way")
                .register(registry);
    }
}
