package dev.latchkey.key;

import java.util.zip.CRC32;

import dev.latchkey.common.SecureRandoms;

/**
 * The key format of the contract: {@code <pk|sk>_<live|test>_<32 random base62><6 base62 CRC32>}.
 * {@link #parse} rejects a wrong prefix, length, alphabet or checksum with no I/O, so garbage
 * never reaches a cache or the database.
 */
public final class ApiKeyFormat {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int PREFIX_LENGTH = "sk_live_".length();
    /** Every valid key has exactly this length: both prefixes are 8 characters. */
    public static final int KEY_LENGTH = PREFIX_LENGTH + RANDOM_LENGTH + CHECKSUM_LENGTH;


    private ApiKeyFormat() {
    }

    /** A key's type and environment, read from a value whose shape and checksum are right. */
    public record ParsedKey(KeyType type, Environment environment, String value) {
    }

    public static String generate(KeyType type, Environment environment) {
        StringBuilder key = new StringBuilder(KEY_LENGTH)
                .append(type.prefix()).append('_').append(environment.wire()).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(ALPHABET.charAt(uniformIndex()));
        }
        return key.append(checksum(key, key.length())).toString();
    }

    /** The parsed key, or null when the value is not a well-formed key with a valid checksum. */
    public static ParsedKey parse(String value) {
        if (value == null || value.length() != KEY_LENGTH) {
            return null;
        }
        KeyType type = value.startsWith("pk_") ? KeyType.PUBLISHABLE
                : value.startsWith("sk_") ? KeyType.SECRET : null;
        Environment environment = value.startsWith("live_", 3) ? Environment.LIVE
                : value.startsWith("test_", 3) ? Environment.TEST : null;
        if (type == null || environment == null) {
            return null;
        }
        for (int i = PREFIX_LENGTH; i < KEY_LENGTH; i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                return null;
            }
        }
        int bodyLength = KEY_LENGTH - CHECKSUM_LENGTH;
        if (!value.regionMatches(bodyLength, checksum(value, bodyLength), 0, CHECKSUM_LENGTH)) {
            return null;
        }
        return new ParsedKey(type, environment, value);
    }

    /** What a listing shows instead of a secret: {@code sk_live_abcd…wxyz}. */
    public static String hint(String key) {
        return key.substring(0, PREFIX_LENGTH + 4) + "…" + key.substring(key.length() - 4);
    }

    /** A uniform index into the 62-letter alphabet (rejection sampling avoids modulo bias). */
    private static int uniformIndex() {
        while (true) {
            int candidate = SecureRandoms.get().nextInt() & 63;
            if (candidate < ALPHABET.length()) {
                return candidate;
            }
        }
    }

    /** CRC32 of the first {@code length} characters, as 6 base62 digits. */
    private static String checksum(CharSequence body, int length) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < length; i++) {
            crc.update(body.charAt(i));
        }
        long remaining = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (remaining % ALPHABET.length()));
            remaining /= ALPHABET.length();
        }
        return new String(digits);
    }
}
