package dev.latchkey.verification.cache;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.caller.CreditsSpec;
import dev.latchkey.caller.IpAllowlist;
import dev.latchkey.caller.PublicConfig;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.RedisKeys;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * L2: key checks in Redis, shared by every instance, each with a TTL. A read also returns the
 * cache's generation and the fill guard, and a fill only lands if neither changed since (checked
 * in Redis, atomically), so a database read that lost a race with a change never reaches the cache.
 * Only keys that exist are stored, each sealed ({@link EntrySeal}): an entry that is not genuine,
 * or that names another hash, is a miss.
 */
@ApplicationScoped
public class SharedKeyCache {

    /**
     * KEYS: the entries, the generation, the fill guard. Answers the entries stored under the
     * current generation (others as nil), then the generation and the guard, which a fill must
     * find unchanged. An instance that lost Redis starts a new generation when it rejoins
     * ({@link ClusterSync}), so entries from before a failover, which may have outlived deletions
     * the failover lost, are never read after it (docs/VERIFICATION.md, Redis failover).
     */
    private static final String READ = """
            local generation = redis.call('GET', KEYS[#KEYS - 1]) or ''
            local answer = {}
            for i = 1, #KEYS - 2 do
              local value = redis.call('GET', KEYS[i])
              if value and string.sub(value, 1, #generation + 1) == generation .. '/' then
                answer[i] = string.sub(value, #generation + 2)
              else
                answer[i] = false
              end
            end
            answer[#KEYS - 1] = generation .. ' ' .. (redis.call('GET', KEYS[#KEYS]) or '')
            return answer""";
    /** Stores the entry, under the generation it was read in, only if neither the generation nor the guard changed since. */
    private static final String FILL = """
            local generation = redis.call('GET', KEYS[2]) or ''
            if generation .. ' ' .. (redis.call('GET', KEYS[3]) or '') == ARGV[1] then
              redis.call('SET', KEYS[1], generation .. '/' .. ARGV[2], 'PX', ARGV[3])
            end
            return 0""";

    @Inject
    RedisDataSource redis;

    @Inject
    ReactiveRedisDataSource reactiveRedis;

    /** The blocking client's timeout (quarkus.redis.timeout), applied to the asynchronous fill too. */
    @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10s")
    Duration redisTimeout;

    @Inject
    ObjectMapper json;

    @Inject
    ClusterSync sync;

    @Inject
    KeyCacheConfig config;

    @Inject
    EntrySeal seal;

    private final Counter rejected;
    private final Counter reads;

    SharedKeyCache(MeterRegistry registry) {
        reads = Counter.builder("latchkey.shared.cache.reads")
                .description("Reads of the Redis key cache, whatever they found").register(registry);
        rejected = Counter.builder("latchkey.shared.cache.rejected")
                .description("Redis cache entries read as misses because their seal or hash did not hold")
                .register(registry);
    }

    /** The first entry found under any of the hashes (null if none), and the fill guard seen with it. */
    public record Lookup(CachedCheck check, String guard) {
    }

    /** Null when Redis is out of reach: the caller goes to PostgreSQL without waiting on it. */
    public Lookup get(List<String> hashes) {
        if (!sync.redisReachable()) {
            return null;
        }
        List<String> arguments = new ArrayList<>(hashes.size() + 4);
        arguments.add(READ);
        arguments.add(String.valueOf(hashes.size() + 2));
        hashes.forEach(hash -> arguments.add(RedisKeys.CHECK_PREFIX + hash));
        arguments.add(RedisKeys.GENERATION);
        arguments.add(RedisKeys.FILL_GUARD);
        reads.increment();
        try {
            Response values = redis.execute("EVAL", arguments.toArray(String[]::new));
            String guard = values.get(hashes.size()).toString();
            for (int i = 0; i < hashes.size(); i++) {
                Entry entry = entry(values.get(i), hashes.get(i));
                if (entry != null) {
                    return new Lookup(entry.toCheck(), guard);
                }
            }
            return new Lookup(null, guard);
        } catch (RuntimeException | IOException e) {
            sync.sharedCacheFailed(e);
            return null;
        }
    }

    /**
     * A genuine entry of a known key under {@code hash}, else null. It must carry a valid seal and
     * name the hash it was asked for (an entry copied from another key's name is refused too).
     */
    private Entry entry(Response stored, String hash) throws IOException {
        if (stored == null) {
            return null;
        }
        String value = seal.open(stored.toString(), System.currentTimeMillis());
        Entry entry = value == null ? null : json.readValue(value, Entry.class);
        if (entry == null || !hash.equals(entry.hash()) || entry.keyId() == null) {
            rejected.increment();
            return null;
        }
        return entry;
    }

    /**
     * Stores a known key's check read from PostgreSQL, unless an invalidation ran (or Redis failed
     * over) since {@code guard} was read. Does not wait for Redis: the check's answer needs nothing
     * from the fill, which is best effort (the next miss reads PostgreSQL again), and whose guard,
     * checked in Redis, keeps a fill that lands after a change out as surely as one that waited.
     */
    public void put(String hash, CachedCheck check, String guard) {
        if (check.unknown()) {
            throw new IllegalArgumentException("unknown keys are not shared through Redis");
        }
        long ttl = config.sharedTtl().toMillis();
        String sealed;
        try {
            sealed = seal.seal(json.writeValueAsString(Entry.of(hash, check)), System.currentTimeMillis() + ttl);
        } catch (RuntimeException | IOException e) {
            return; // best effort, as the fill itself
        }
        reactiveRedis.execute("EVAL", FILL, "3", RedisKeys.CHECK_PREFIX + hash, RedisKeys.GENERATION, RedisKeys.FILL_GUARD,
                        guard, sealed, String.valueOf(ttl))
                // the reactive client has no timeout of its own (see RateLimiter)
                .ifNoItem().after(redisTimeout).fail()
                .subscribe().with(ignored -> {
                }, failure -> {
                });
    }

    /** The stored form of a known key's {@link CachedCheck} under {@code hash}. */
    @RegisterForReflection
    record Entry(String hash, UUID keyId, KeyType type, Environment environment, Map<String, String> permissions,
            Instant expiresAt, Instant revokedAt, RateLimitSpec rateLimit, List<String> scopes, PublicConfig application,
            String name, Map<String, Object> meta, String externalId, Boolean enabled, List<String> ipAllowlist,
            CreditsSpec credits) {

        static Entry of(String hash, CachedCheck check) {
            VerifiedKey key = check.key();
            return new Entry(hash, key.keyId(), key.type(), key.environment(), key.permissions().toMap(),
                    key.expiresAt(), check.revokedAt(), key.rateLimit(), key.ownScopes(), key.application(),
                    key.name(), key.meta(), key.externalId(), key.enabled(),
                    key.ipAllowlist() == null ? null : key.ipAllowlist().entries(), key.credits());
        }

        CachedCheck toCheck() {
            return new CachedCheck(new VerifiedKey(keyId, type, environment, Permissions.fromStored(permissions),
                    expiresAt, rateLimit, scopes, application, name, meta, externalId,
                    // written before keys could be suspended: enabled (any change since has removed the entry)
                    enabled == null || enabled, IpAllowlist.of(ipAllowlist), credits),
                    revokedAt);
        }
    }
}
