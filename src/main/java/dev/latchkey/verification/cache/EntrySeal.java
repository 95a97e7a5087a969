package dev.latchkey.verification.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import dev.latchkey.key.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import javax.crypto.Mac;

/**
 * Authenticates what the instances share through Redis: a value is stored as
 * {@code base64url(HMAC-SHA256(expiry.value)).expiry.value}, under a key derived from
 * LATCHKEY_HASH_SECRET, which Redis never sees. Whoever can write to Redis can then delete entries
 * (a miss: the check reads PostgreSQL) but not forge one, such as a publishable key turned into a
 * full secret key, nor bring an old one back after its expiry (the Redis TTL, sealed inside).
 * While the hashing secret is being rotated, instances on different secrets read each other's
 * entries as misses: slower for a while, never wrong.
 */
@ApplicationScoped
public class EntrySeal {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** 32 bytes of MAC in unpadded base64url. */
    private static final int MAC_CHARS = 43;

    private final ThreadLocal<Mac> macs;

    EntrySeal(KeyHasher hasher) {
        macs = KeyHasher.macs(hasher.derivedKey("latchkey shared cache entries v1"));
    }

    /** The sealed form of {@code value}, good until {@code expiresAtMillis}. */
    public String seal(String value, long expiresAtMillis) {
        String sealed = expiresAtMillis + "." + value;
        return ENCODER.encodeToString(mac(sealed)) + "." + sealed;
    }

    /** The value, or null when the stored text was not sealed by an instance holding the secret, or has expired. */
    public String open(String stored, long nowMillis) {
        if (stored == null || stored.length() <= MAC_CHARS || stored.charAt(MAC_CHARS) != '.') {
            return null;
        }
        String sealed = stored.substring(MAC_CHARS + 1);
        int dot = sealed.indexOf('.');
        byte[] presented;
        try {
            presented = DECODER.decode(stored.substring(0, MAC_CHARS));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (dot < 1 || !MessageDigest.isEqual(presented, mac(sealed))) {
            return null;
        }
        return Long.parseLong(sealed.substring(0, dot)) > nowMillis ? sealed.substring(dot + 1) : null;
    }

    private byte[] mac(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}
