package dev.latchkey.verification;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.ratelimit.LookupBudget;
import dev.latchkey.verification.cache.CachedCheck;
import dev.latchkey.verification.cache.LocalKeyCache;
import dev.latchkey.verification.cache.SharedKeyCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Finds what is known of a well-formed key by its keyed hash: the in-process cache, then Redis,
 * then PostgreSQL, filling the caches on the way. {@link KeyAdmission} decides what it means.
 */
@Singleton // no client proxy: every key check calls it
public class KeyCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final KeyHasher hasher;
    private final KeyLookup lookup;
    private final LocalKeyCache local;
    private final SharedKeyCache shared;
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
            LookupBudget budget, MeterRegistry registry) {
        this.hasher = hasher;
        this.lookup = lookup;
        this.local = local;
        this.shared = shared;
        this.budget = budget;
        localHits = tier(registry, "local");
        sharedHits = tier(registry, "redis");
        databaseReads = tier(registry, "database");
        joinedReads = tier(registry, "joined");
    }

    /**
     * The warm path, safe on an event-loop thread: what the in-process cache knows of the key, or
     * null when it knows nothing (or is not trusted now) and {@link #lookup} must run on a worker.
     */
    public CachedCheck fromMemory(ApiKeyFormat.ParsedKey parsed) {
        if (!local.trusted()) {
            return null;
        }
        CachedCheck check = local.get(HEX.formatHex(hasher.hash(parsed.value())));
        if (check != null) {
            localHits.increment();
        }
        return check;
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
            shared.put(loaded.storedHash(), loaded.check(), cached.guard());
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

    private static Counter tier(MeterRegistry registry, String tier) {
        return Counter.builder("latchkey.key.lookups").tag("tier", tier)
                .description("Key checks answered by each tier (local, redis), database reads, and misses that joined a read under way")
                .register(registry);
    }
}
