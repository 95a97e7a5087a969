package dev.latchkey.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.latchkey.key.HashConfig;
import dev.latchkey.verification.cache.KeyCacheConfig;

/** Settings for building beans outside CDI (unit tests, the micro-benchmark); defaults as in production. */
public final class TestSettings {

    private TestSettings() {
    }

    public static HashConfig hash(String secret, int version, List<String> previousSecrets) {
        return new HashConfig() {
            public String secret() {
                return secret;
            }

            public int version() {
                return version;
            }

            public Optional<List<String>> previousSecrets() {
                return Optional.of(previousSecrets);
            }
        };
    }

    public static KeyCacheConfig verification(long localMaxBytes) {
        return new KeyCacheConfig() {
            public boolean cacheEnabled() {
                return true;
            }

            public long localMaxBytes() {
                return localMaxBytes;
            }

            public long localMaxUnknown() {
                return 50_000;
            }

            public Duration unknownTtl() {
                return Duration.ofSeconds(30);
            }

            public Duration sharedTtl() {
                return Duration.ofMinutes(5);
            }

            public Duration syncInterval() {
                return Duration.ofMillis(50);
            }

            public Duration lease() {
                return Duration.ofSeconds(2);
            }
        };
    }
}
