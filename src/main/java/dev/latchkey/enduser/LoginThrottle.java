package dev.latchkey.enduser;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import dev.latchkey.common.Digests;
import dev.latchkey.common.LocalCaches;
import dev.latchkey.common.RedisFallback;
import dev.latchkey.common.RedisKeys;
import dev.latchkey.http.ApiException;
import dev.latchkey.http.ClientAddress;
import dev.latchkey.key.Environment;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows password guessing. Before bcrypt runs, a login attempt is reserved atomically (one Lua
 * script, shared by every instance through Redis) and counted as a failure until it proves
 * otherwise, so parallel guesses cannot all pass a check before any is counted. Counted within a
 * fixed window, per client address, per e-mail, and per e-mail and address together.
 * <p>
 * Refused (429): an address past its failures; or an e-mail past its failures, for an address
 * that has itself failed against that e-mail. An address that has not failed against a locked
 * e-mail still gets an attempt, so strangers cannot lock an owner out: the owner's correct
 * password from their own address works. Once an e-mail reaches ten times its limit (guesses
 * from many addresses: a botnet), it is refused to every address but those that have logged into
 * it before (remembered for 30 days). Addresses are counted by {@link ClientAddress#budgetKey}
 * (an IPv6 client by its /64).
 * <p>
 * With Redis out of reach each instance counts on its own with the same rule (approximate, but
 * never unlimited), asking Redis again a second later ({@link RedisFallback}).
 */
@ApplicationScoped
public class LoginThrottle {

    /** An e-mail past this many times its limit is refused to all but the addresses it knows. */
    static final int HARD_LIMIT_FACTOR = 10;
    private static final long KNOWN_ADDRESSES_MILLIS = 30L * 24 * 3600 * 1000;
    /**
     * KEYS: the e-mail's count, the e-mail and address's, the address's, the e-mail's known
     * addresses; ARGV: the e-mail's limit, the address's, the window in ms, the e-mail's hard
     * limit, the address. Answers the ms until a refusal ends, or 0 with the three counts raised
     * (the first of a window starts its expiry).
     */
    private static final String RESERVE = """
            local byAddress = tonumber(redis.call('GET', KEYS[3]) or '0')
            if byAddress >= tonumber(ARGV[2]) then return math.max(1, redis.call('PTTL', KEYS[3])) end
            local byEmail = tonumber(redis.call('GET', KEYS[1]) or '0')
            local byPair = tonumber(redis.call('GET', KEYS[2]) or '0')
            if byEmail >= tonumber(ARGV[1]) and byPair > 0 then return math.max(1, redis.call('PTTL', KEYS[1])) end
            if byEmail >= tonumber(ARGV[4]) and redis.call('SISMEMBER', KEYS[4], ARGV[5]) == 0 then
              return math.max(1, redis.call('PTTL', KEYS[1]))
            end
            for i = 1, 3 do
              if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
            end
            return 0""";
    /** Takes a reservation back: the attempt succeeded (ARGV[1] = 1: the address becomes known), or never ran. */
    private static final String RELEASE = """
            for i = 1, 3 do
              if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
            end
            if ARGV[1] == '1' then
              redis.call('SADD', KEYS[4], ARGV[2])
              redis.call('PEXPIRE', KEYS[4], ARGV[3])
            end
            return 0""";

    @Inject
    RedisDataSource redis;

    private final EndUserConfig.Throttle limits;
    /** This instance's own counts, used while Redis is out of reach. */
    private final Cache<String, int[]> local;
    private final RedisFallback.Feature redisState;

    LoginThrottle(EndUserConfig config, RedisFallback fallbacks) {
        this.limits = config.loginThrottle();
        this.local = LocalCaches.expiringAfterWrite(LocalCaches.LOCAL_LOGIN_FAILURES, limits.window());
        this.redisState = fallbacks.of("Failed logins", "counted per instance until Redis answers");
    }

    /**
     * One login attempt's reservation: counted as a failure unless {@link #release}d; in Redis,
     * or in this instance's counts when Redis was out of reach.
     */
    public record Attempt(List<String> keys, String address, boolean local) {
    }

    /** Reserves an attempt before the password is checked; 429 when the rule above refuses it. */
    Attempt reserve(UUID applicationId, Environment environment, String email, String address) {
        String scope = RedisKeys.loginFailures(applicationId, environment.wire());
        String byEmail = scope + ":email:" + sha256(email);
        String counted = ClientAddress.budgetKey(address);
        List<String> keys = List.of(byEmail, byEmail + ":address:" + counted, scope + ":address:" + counted, byEmail + ":known");
        Long refusedForMillis = redisState.paused(System.currentTimeMillis()) ? null : reserveInRedis(keys, counted);
        boolean reservedLocally = refusedForMillis == null;
        if (reservedLocally) {
            refusedForMillis = reserveLocally(keys);
        }
        if (refusedForMillis > 0) {
            throw ApiException.rateLimited(Duration.ofMillis(refusedForMillis).toSeconds() + 1, "Too many failed logins; retry later");
        }
        return new Attempt(keys, counted, reservedLocally);
    }

    /** The attempt was no failure: {@code succeeded}, the password matched; else it was never checked. */
    void release(Attempt attempt, boolean succeeded) {
        if (attempt.local()) {
            synchronized (local) {
                for (String key : attempt.keys().subList(0, 3)) {
                    int[] count = local.getIfPresent(key);
                    if (count != null && count[0] > 0) {
                        count[0]--;
                    }
                }
            }
            return;
        }
        try {
            redis.execute("EVAL", RELEASE, "4", attempt.keys().get(0), attempt.keys().get(1), attempt.keys().get(2),
                    attempt.keys().get(3), succeeded ? "1" : "0", attempt.address(), String.valueOf(KNOWN_ADDRESSES_MILLIS));
        } catch (RuntimeException e) {
            // the counts expire with their window
        }
    }

    /** The script's answer, or null when Redis did not give one. */
    private Long reserveInRedis(List<String> keys, String counted) {
        try {
            long refusedForMillis = redis.execute("EVAL", RESERVE, "4", keys.get(0), keys.get(1), keys.get(2), keys.get(3),
                    String.valueOf(limits.maxFailuresPerEmail()), String.valueOf(limits.maxFailuresPerAddress()),
                    String.valueOf(limits.window().toMillis()), String.valueOf(HARD_LIMIT_FACTOR * limits.maxFailuresPerEmail()),
                    counted).toLong();
            redisState.answered();
            return refusedForMillis;
        } catch (RuntimeException e) {
            redisState.failed(e);
            return null;
        }
    }

    /** The script's rule on this instance's counts (without known addresses); a refusal lasts the window. */
    private long reserveLocally(List<String> keys) {
        synchronized (local) {
            int byEmail = count(keys.get(0));
            int byPair = count(keys.get(1));
            if (count(keys.get(2)) >= limits.maxFailuresPerAddress()
                    || (byEmail >= limits.maxFailuresPerEmail() && byPair > 0)
                    || byEmail >= HARD_LIMIT_FACTOR * limits.maxFailuresPerEmail()) {
                return limits.window().toMillis();
            }
            keys.subList(0, 3).forEach(key -> local.get(key, k -> new int[1])[0]++);
            return 0;
        }
    }

    private int count(String key) {
        int[] count = local.getIfPresent(key);
        return count == null ? 0 : count[0];
    }

    private static String sha256(String value) {
        return HexFormat.of().formatHex(Digests.sha256(value));
    }
}
