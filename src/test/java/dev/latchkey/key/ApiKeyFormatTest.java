package dev.latchkey.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class ApiKeyFormatTest {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    @Test
    void generatedKeysHaveTheContractShape() {
        for (KeyType type : KeyType.values()) {
            for (Environment environment : Environment.values()) {
                String key = ApiKeyFormat.generate(type, environment);
                assertTrue(key.matches("^(pk|sk)_(live|test)_[0-9A-Za-z]{38}$"), key);
                assertTrue(key.startsWith(type.prefix() + "_" + environment.wire() + "_"), key);
                ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(key);
                assertNotNull(parsed);
                assertEquals(type, parsed.type());
                assertEquals(environment, parsed.environment());
            }
        }
    }

    @Test
    void checksumIsBase62OfCrc32OfEverythingBeforeIt() {
        String key = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        CRC32 crc = new CRC32();
        crc.update(key.substring(0, key.length() - 6).getBytes());
        long value = 0;
        for (char c : key.substring(key.length() - 6).toCharArray()) {
            value = value * 62 + ALPHABET.indexOf(c);
        }
        assertEquals(crc.getValue(), value);
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(ApiKeyFormat.generate(KeyType.SECRET, Environment.TEST)));
        }
    }

    @Test
    void parseRejectsEveryMalformedShape() {
        String good = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        String body = good.substring(8);
        assertNull(ApiKeyFormat.parse(null));
        assertNull(ApiKeyFormat.parse(""));
        assertNull(ApiKeyFormat.parse("sk_live_"));
        assertNull(ApiKeyFormat.parse(good.substring(0, good.length() - 1)), "too short");
        assertNull(ApiKeyFormat.parse(good + "0"), "too long");
        assertNull(ApiKeyFormat.parse("xk_live_" + body), "unknown type");
        assertNull(ApiKeyFormat.parse("sk_prod_" + body), "unknown environment");
        assertNull(ApiKeyFormat.parse("sk-live-" + body), "wrong separators");
        assertNull(ApiKeyFormat.parse("pk_live_" + body), "checksum covers the prefix");
        assertNull(ApiKeyFormat.parse(good.substring(0, 10) + "_" + good.substring(11)), "character outside base62");
        assertNull(ApiKeyFormat.parse(good.substring(0, 10) + "é" + good.substring(11)), "non-ASCII character");
        char last = good.charAt(good.length() - 1);
        assertNull(ApiKeyFormat.parse(good.substring(0, good.length() - 1) + (last == 'a' ? 'b' : 'a')), "bad checksum");
        char first = good.charAt(8);
        assertNull(ApiKeyFormat.parse("sk_live_" + (first == 'a' ? 'b' : 'a') + good.substring(9)), "one random character changed");
    }

    @Test
    void hintShowsOnlyTheEnds() {
        String key = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        String hint = ApiKeyFormat.hint(key);
        assertEquals(key.substring(0, 12) + "…" + key.substring(key.length() - 4), hint);
    }

    /** LATCHKEY_KEY_PREFIX (CONTRACT section 2): the checksum covers the prefix; any well-formed prefix parses. */
    @Test
    void operatorPrefixedKeys() {
        String key = ApiKeyFormat.generate("acme", KeyType.SECRET, Environment.LIVE);
        assertTrue(key.matches("^acme_sk_live_[0-9A-Za-z]{38}$"), key);
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(key);
        assertNotNull(parsed);
        assertEquals(KeyType.SECRET, parsed.type());
        assertEquals(Environment.LIVE, parsed.environment());
        assertEquals("acme_sk_live_" + key.substring(13, 17) + "…" + key.substring(key.length() - 4), ApiKeyFormat.hint(key));
        // the checksum covers the prefix: another prefix in front of the same body is refused
        assertNull(ApiKeyFormat.parse("acmf" + key.substring(4)));
        assertNull(ApiKeyFormat.parse(key.substring(5)), "the prefix is part of the key");
        String longest = ApiKeyFormat.generate("abcdefghij12", KeyType.PUBLISHABLE, Environment.TEST);
        assertNotNull(ApiKeyFormat.parse(longest));
        for (String prefix : new String[] {"", "ACME", "ac-me", "abcdefghij123", "ac_me"}) {
            String forged = prefix + "_" + ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
            assertNull(ApiKeyFormat.parse(forged), forged);
        }
        assertTrue(ApiKeyFormat.isOperatorPrefix("sk"));
        assertNotNull(ApiKeyFormat.parse(ApiKeyFormat.generate("sk", KeyType.SECRET, Environment.TEST)), "even a prefix named sk");
    }
}
