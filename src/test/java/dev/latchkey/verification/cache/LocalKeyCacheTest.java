package dev.latchkey.verification.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.latchkey.caller.Branding;
import dev.latchkey.caller.PublicConfig;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.support.TestSettings;
import org.junit.jupiter.api.Test;

class LocalKeyCacheTest {

    private static CachedCheck check(UUID applicationId, int origins) {
        List<String> allowed = java.util.stream.IntStream.range(0, origins).mapToObj(i -> "https://origin-" + i + ".example.com").toList();
        PublicConfig app = new PublicConfig(applicationId, "tenant", "App", List.of("email_password"),
                new Branding(null, null, null), false, allowed, List.of(), List.of(), "optional", List.of(), 0, List.of());
        return new CachedCheck(new VerifiedKey(UUID.randomUUID(), KeyType.SECRET, Environment.LIVE,
                Permissions.unrestrictedSecret(), null, null, null, app, "cached", null, null, true, null, null), null);
    }

    private static LocalKeyCache trusted(long maxBytes) {
        LocalKeyCache cache = new LocalKeyCache(TestSettings.verification(maxBytes));
        cache.trustUntil(System.nanoTime() + Duration.ofMinutes(1).toNanos());
        return cache;
    }

    @Test
    void nothingIsServedOrStoredUntilTrusted() {
        LocalKeyCache cache = new LocalKeyCache(TestSettings.verification(1 << 20));
        cache.put("h", check(UUID.randomUUID(), 0), cache.epoch());
        cache.trustUntil(System.nanoTime() + Duration.ofMinutes(1).toNanos());
        assertNull(cache.get("h"), "a fill made before the first sync was dropped");
        cache.put("h", check(UUID.randomUUID(), 0), cache.epoch());
        assertNotNull(cache.get("h"));
        cache.trustUntil(System.nanoTime() - 1);
        assertNull(cache.get("h"), "a lapsed lease stops the cache answering");
    }

    @Test
    void aFillThatRacedAnInvalidationIsDropped() {
        LocalKeyCache cache = trusted(1 << 20);
        UUID app = UUID.randomUUID();
        long epochBeforeRead = cache.epoch();
        cache.evictApplication(app); // the change committed while the database read was under way
        cache.put("h", check(app, 0), epochBeforeRead);
        assertNull(cache.get("h"));
    }

    @Test
    void invalidationsEvictByKeyAndByApplication() {
        LocalKeyCache cache = trusted(1 << 20);
        UUID app = UUID.randomUUID();
        CachedCheck first = check(app, 0);
        cache.put("a", first, cache.epoch());
        cache.put("b", check(app, 0), cache.epoch());
        cache.put("c", check(UUID.randomUUID(), 0), cache.epoch());
        cache.put("unknown", CachedCheck.UNKNOWN, cache.epoch());
        cache.evictKey(first.key().keyId());
        assertNull(cache.get("a"));
        assertNotNull(cache.get("b"));
        cache.evictApplication(app);
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
        assertNotNull(cache.get("unknown"), "unknown keys are not tied to any application");
    }

    @Test
    void memoryBoundHoldsWhateverTheEntriesWeigh() {
        LocalKeyCache cache = trusted(64 * 1024);
        for (int i = 0; i < 1000; i++) {
            cache.put("key-" + i, check(UUID.randomUUID(), 20), cache.epoch());
        }
        long entries = cache.size();
        long perEntry = check(UUID.randomUUID(), 20).approximateBytes();
        assertTrue(entries * perEntry <= 64 * 1024, entries + " entries of " + perEntry + " bytes");
        assertTrue(entries > 0);
        assertEquals(0, trusted(64 * 1024).size());
    }
}
