package dev.latchkey.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * Keyed hashes (HMAC-SHA256) of API keys: the only form in which keys are stored. Each hash is
 * made under a numbered secret, so the hashing secret can be rotated while keys hashed under an
 * earlier one keep working.
 */
@Singleton // no client proxy: every key check calls it
@Startup // a malformed secret stops the start with its message, not the first request
public class KeyHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_BYTES = 32;

    private final int currentVersion;
    /** Current version first, then the earlier ones; a ready Mac per thread, since init costs more than the hash. */
    private final Map<Integer, ThreadLocal<Mac>> secrets = new LinkedHashMap<>();

    public KeyHasher(HashConfig hash) {
        currentVersion = hash.version();
        secrets.put(currentVersion, macs(decode(hash.secret(), "LATCHKEY_HASH_SECRET")));
        for (String entry : hash.previousSecrets().orElse(List.of())) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("LATCHKEY_HASH_PREVIOUS_SECRETS entries must read version:base64");
            }
            int version = Integer.parseInt(entry.substring(0, colon).trim());
            secrets.putIfAbsent(version, macs(decode(entry.substring(colon + 1).trim(), "LATCHKEY_HASH_PREVIOUS_SECRETS")));
        }
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** The hash under the current secret, for storing a new key. */
    public byte[] hash(String key) {
        return hash(key, secrets.get(currentVersion));
    }

    /**
     * A key for another purpose (its name, ASCII), derived from the current hashing secret as
     * HMAC(secret, purpose): one secret to keep, and nothing derived from it reveals it.
     */
    public SecretKeySpec derivedKey(String purpose) {
        return new SecretKeySpec(hash(purpose), ALGORITHM);
    }

    /** A ready HMAC-SHA256 per thread under {@code key}. */
    public static ThreadLocal<Mac> macs(SecretKeySpec key) {
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
            }
        });
    }

    /** One hash per configured secret version, current first: the candidates a lookup tries. */
    public List<VersionedHash> candidates(String key) {
        List<VersionedHash> hashes = new ArrayList<>(secrets.size());
        secrets.forEach((version, secret) -> hashes.add(new VersionedHash(version, hash(key, secret))));
        return hashes;
    }

    /** Constant-time comparison, so timing does not reveal how much of a hash matched. */
    public static boolean sameHash(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    public record VersionedHash(int version, byte[] hash) {
    }

    private static byte[] hash(String key, ThreadLocal<Mac> mac) {
        return mac.get().doFinal(key.getBytes(StandardCharsets.US_ASCII));
    }

    private static SecretKeySpec decode(String base64, String variable) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " must be base64");
        }
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalStateException(variable + " must hold at least " + MIN_SECRET_BYTES + " random bytes");
        }
        return new SecretKeySpec(bytes, ALGORITHM);
    }
}
