package dev.latchkey.support;

import java.time.Duration;
import java.util.Objects;

import dev.latchkey.common.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import org.awaitility.Awaitility;

/** The Redis key cache's entries as tests see them: a check does not wait for its fill to land. */
public final class SharedCacheEntries {

    private SharedCacheEntries() {
    }

    /** The name of the key's entry in the cache's current generation, or null. */
    public static String entryOf(RedisDataSource redis, String keyId) {
        String generation = Objects.requireNonNullElse(redis.value(String.class).get(RedisKeys.GENERATION), "");
        return redis.key().keys(RedisKeys.CHECK_PREFIX + "*").stream()
                .filter(name -> {
                    String value = redis.value(String.class).get(name);
                    return value != null && value.startsWith(generation + "/") && value.contains("\"key_id\":\"" + keyId + "\"");
                })
                .findFirst().orElse(null);
    }

    /** Waits until the key's entry of the current generation is in Redis; its name. */
    public static String awaitEntry(RedisDataSource redis, String keyId) {
        return Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> entryOf(redis, keyId), Objects::nonNull);
    }
}
