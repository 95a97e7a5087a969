package dev.latchkey.enduser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.common.ApiException;
import dev.latchkey.common.LatchkeyConfig;
import dev.latchkey.key.Environment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows password guessing: failed logins are counted per e-mail and per client address in Redis,
 * shared by every instance, within a fixed window; past the limit a login answers 429 until the
 * window ends. A success clears the e-mail's count. With Redis out of reach each instance counts
 * on its own (approximate, but never unlimited).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final String PREFIX = "latchkey:v1:login-failures:";
    /** Counts a failure; the first one of a window starts its expiry. */
    private static final String COUNT_FAILURE = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return n""";

    @Inject
    RedisDataSource redis;

    private final LatchkeyConfig.LoginThrottle limits;
    private final Cache<String, AtomicInteger> local;

    LoginThrottle(LatchkeyConfig config) {
        this.limits = config.endUser().loginThrottle();
        this.local = Caffeine.newBuilder().expireAfterWrite(limits.window()).maximumSize(100_000).build();
    }

    /** 429 when the e-mail or the address has used up its failures for the window. */
    void check(UUID applicationId, Environment environment, String email, String address) {
        String byEmail = emailKey(applicationId, environment, email);
        String byAddress = addressKey(applicationId, environment, address);
        int[] counts = counts(byEmail, byAddress);
        if (counts[0] >= limits.maxFailuresPerEmail() || counts[1] >= limits.maxFailuresPerAddress()) {
            String blocked = counts[0] >= limits.maxFailuresPerEmail() ? byEmail : byAddress;
            throw ApiException.rateLimited(secondsLeft(blocked), "Too many failed logins; retry later");
        }
    }

    void failed(UUID applicationId, Environment environment, String email, String address) {
        countFailure(emailKey(applicationId, environment, email));
        countFailure(addressKey(applicationId, environment, address));
    }

    void succeeded(UUID applicationId, Environment environment, String email) {
        String key = emailKey(applicationId, environment, email);
        local.invalidate(key);
        try {
            redis.execute("DEL", key);
        } catch (RuntimeException e) {
            // the count expires with its window
        }
    }

    private int[] counts(String byEmail, String byAddress) {
        try {
            Response values = redis.execute("MGET", byEmail, byAddress);
            return new int[] {count(values.get(0)), count(values.get(1))};
        } catch (RuntimeException e) {
            return new int[] {localCount(byEmail), localCount(byAddress)};
        }
    }

    private void countFailure(String key) {
        local.asMap().computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        try {
            redis.execute("EVAL", COUNT_FAILURE, "1", key, Long.toString(limits.window().toMillis()));
        } catch (RuntimeException e) {
            // counted locally above
        }
    }

    private long secondsLeft(String key) {
        try {
            long millis = redis.execute("PTTL", key).toLong();
            return millis > 0 ? Duration.ofMillis(millis).toSeconds() + 1 : limits.window().toSeconds();
        } catch (RuntimeException e) {
            return limits.window().toSeconds();
        }
    }

    private int localCount(String key) {
        AtomicInteger count = local.getIfPresent(key);
        return count == null ? 0 : count.get();
    }

    private static int count(Response value) {
        return value == null ? 0 : value.toInteger();
    }

    /** The e-mail enters Redis only as a digest: no personal data in key names. */
    private static String emailKey(UUID applicationId, Environment environment, String email) {
        return PREFIX + applicationId + ":" + environment.wire() + ":email:" + sha256(email);
    }

    private static String addressKey(UUID applicationId, Environment environment, String address) {
        return PREFIX + applicationId + ":" + environment.wire() + ":address:" + address;
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
