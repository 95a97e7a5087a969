package dev.latchkey.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The fallback's one log line may quote a Redis error; a URL in it must not carry its password there. */
class RedisFallbackTest {

    @Test
    void credentialsInARedisUrlAreLeftOutOfTheMessage() {
        assertEquals("Failed to connect to rediss://redis:6380 and redis://sentinel-a:26379",
                RedisFallback.withoutCredentials(
                        "Failed to connect to rediss://latchkey:s3cr%40t@redis:6380 and redis://:pw@sentinel-a:26379"));
        assertEquals("CROSSSLOT Keys in request don't hash to the same slot",
                RedisFallback.withoutCredentials("CROSSSLOT Keys in request don't hash to the same slot"));
        assertNull(RedisFallback.withoutCredentials(null));
    }
}
