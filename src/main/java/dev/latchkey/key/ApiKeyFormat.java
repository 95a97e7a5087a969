package dev.latchkey.key;

import java.util.zip.CRC32;

import dev.latchkey.common.SecureRandoms;

/**
 * The key format of the contract (section 2): {@code [<operator prefix>_]<pk|sk>_<live|test>_<32
 * random base62><6 base62 CRC32>}, the checksum covering everything before it, the operator's
 * prefix included. {@link #parse} rejects a wrong prefix, length, alphabet or checksum with no
 * I/O, so garbage never reaches a cache or the database. It accepts any well-formed operator
 * prefix, so keys minted under an earlier {@code LATCHKEY_KEY_PREFIX} keep working.
 */
public final class ApiKeyFormat {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int PREFIX_LENGTH = "sk_live_".length();
    /** Every valid key without an operator prefix has exactly this length: both prefixes are 8 characters. */
    public static final int KEY_LENGTH = PREFIX_LENGTH + RANDOM_LENGTH + CHECKSUM_LENGTH;
    public static final int MAX_OPERATOR_PREFIX = 12;

    private ApiKeyFormat() {
    }

    /** A key's type and environment, read from a value whose shape and checksum are right. */
    public record ParsedKey(KeyType type, Environment environment, String value) {
    }

    public static String generate(KeyType type, Environment environment) {
        return generate(null, type, environment);
    }

    /** A new key; {@code operatorPrefix} null or a valid prefix ({@link #isOperatorPrefix}). */
    public static String generate(String operatorPrefix, KeyType type, Environment environment) {
        StringBuilder key = new StringBuilder(KEY_LENGTH + MAX_OPERATOR_PREFIX + 1);
        if (operatorPrefix != null) {
            key.append(operatorPrefix).append('_');
        }
        key.append(type.prefix()).append('_').append(environment.wire()).append('_');
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(ALPHABET.charAt(uniformIndex()));
        }
        return key.append(checksum(key, key.length())).toString();
    }

    /** The parsed key, or null when the value is not a well-formed key with a valid checksum. */
    public static ParsedKey parse(String value) {
        if (value == null || value.length() < KEY_LENGTH || value.length() > KEY_LENGTH + MAX_OPERATOR_PREFIX + 1) {
            return null;
        }
        // the type starts where the operator's prefix and its underscore end (the length says where)
        int start = value.length() == KEY_LENGTH ? 0 : value.length() - KEY_LENGTH;
        if (start > 0 && (value.charAt(start - 1) != '_' || !isOperatorPrefix(value.substring(0, start - 1)))) {
            return null;
        }
        KeyType type = value.startsWith("pk_", start) ? KeyType.PUBLISHABLE
                : value.startsWith("sk_", start) ? KeyType.SECRET : null;
        Environment environment = value.startsWith("live_", start + 3) ? Environment.LIVE
                : value.startsWith("test_", start + 3) ? Environment.TEST : null;
        if (type == null || environment == null) {
            return null;
        }
        for (int i = start + PREFIX_LENGTH; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                return null;
            }
        }
        int bodyLength = value.length() - CHECKSUM_LENGTH;
        if (!value.regionMatches(bodyLength, checksum(value, bodyLength), 0, CHECKSUM_LENGTH)) {
            return null;
        }
        return new ParsedKey(type, environment, value);
    }

    /** An operator's prefix (LATCHKEY_KEY_PREFIX): 1 to 12 characters of a-z and 0-9. */
    public static boolean isOperatorPrefix(String prefix) {
        if (prefix.isEmpty() || prefix.length() > MAX_OPERATOR_PREFIX) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** What a listing shows instead of a secret: {@code sk_live_abcd…wxyz} (with the operator's prefix, if any). */
    public static String hint(String key) {
        int start = key.length() - KEY_LENGTH;
        return key.substring(0, start + PREFIX_LENGTH + 4) + "…" + key.substring(key.length() - 4);
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
