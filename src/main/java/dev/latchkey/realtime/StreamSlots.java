package dev.latchkey.realtime;

import java.util.UUID;

import dev.latchkey.common.RedisKeys;
import dev.latchkey.http.ApiException;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The per publishable key and client address limit on open streams, across every instance: each
 * open stream holds a slot in a Redis sorted set, leased for {@link #LEASE_MILLIS} and renewed
 * while it stays open, so the slots of an instance that died free themselves. Redis' own clock
 * decides leases, never an instance's.
 */
@ApplicationScoped
public class StreamSlots {

    private static final Logger LOG = Logger.getLogger(StreamSlots.class);
    static final long LEASE_MILLIS = 30_000;
    private static final String NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) ";
    private static final String TAKE = NOW + """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1""";
    private static final String RENEW = NOW + """
            redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1""";

    @ConfigProperty(name = "latchkey.realtime.streams-per-address", defaultValue = "10")
    int limit;

    @Inject
    RedisDataSource redis;

    /** Takes a slot for {@code stream}; 429 when the key's address holds {@link #limit} already, 503 without Redis. */
    void take(UUID keyId, String address, String stream) {
        long taken;
        try {
            taken = redis.execute("EVAL", TAKE, "1", RedisKeys.realtimeStreams(keyId, address),
                    String.valueOf(limit), String.valueOf(LEASE_MILLIS), stream).toLong();
        } catch (RuntimeException e) {
            throw ApiException.unavailable(1, "The stream limit cannot be checked now: retry");
        }
        if (taken == 0) {
            throw ApiException.rateLimited(LEASE_MILLIS / 1000, "At most " + limit
                    + " realtime streams per publishable key and client address: close one first");
        }
    }

    void renew(UUID keyId, String address, String stream) {
        try {
            redis.execute("EVAL", RENEW, "1", RedisKeys.realtimeStreams(keyId, address), String.valueOf(LEASE_MILLIS), stream);
        } catch (RuntimeException e) {
            LOG.debugf("A realtime stream slot was not renewed (%s); the next round tries again", e.getMessage());
        }
    }

    void release(UUID keyId, String address, String stream) {
        try {
            redis.execute("ZREM", RedisKeys.realtimeStreams(keyId, address), stream);
        } catch (RuntimeException e) {
            LOG.debugf("A realtime stream slot was not released (%s); its lease ends it", e.getMessage());
        }
    }
}
