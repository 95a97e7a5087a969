package dev.latchkey.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.latchkey.support.TestSettings;
import org.junit.jupiter.api.Test;

class KeyHasherTest {

    private static final String OLD = "1XMzfiCykIxi375DPIRmE8FJrdtaD+mtKjeR1Si7rcg=";
    private static final String NEW = "zDRbnEAySfek4P/hCuXVG085yoYFaVlLmj0rEgJErS4=";

    private static KeyHasher hasher(String secret, int version, List<String> previous) {
        return new KeyHasher(TestSettings.hash(secret, version, previous));
    }

    @Test
    void keysHashedUnderARetiredSecretStillHaveACandidate() {
        String key = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        byte[] storedUnderOld = hasher(OLD, 1, List.of()).hash(key);

        KeyHasher rotated = hasher(NEW, 2, List.of("1:" + OLD));
        assertEquals(2, rotated.currentVersion());
        List<KeyHasher.VersionedHash> candidates = rotated.candidates(key);
        assertEquals(List.of(2, 1), candidates.stream().map(KeyHasher.VersionedHash::version).toList());
        assertArrayEquals(storedUnderOld, candidates.get(1).hash());
        assertFalse(KeyHasher.sameHash(storedUnderOld, rotated.hash(key)), "new keys are hashed under the new secret");
        assertTrue(KeyHasher.sameHash(storedUnderOld, candidates.get(1).hash()));
    }

    @Test
    void weakOrMalformedSecretsStopStartUp() {
        assertThrows(IllegalStateException.class, () -> hasher("c2hvcnQ=", 1, List.of()), "fewer than 32 bytes");
        assertThrows(IllegalStateException.class, () -> hasher("not base64!", 1, List.of()));
        assertThrows(IllegalStateException.class, () -> hasher(NEW, 2, List.of(OLD)), "previous secret without version");
    }
}
