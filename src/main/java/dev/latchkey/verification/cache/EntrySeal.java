package dev.latchkey.verification.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import dev.latchkey.key.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import javax.crypto.Mac;

/**
 * Authenticates what the instances share through Redis: a value is stored as
 * {@code base64url(HMAC-SHA256(value)).value}, under a key derived from LATCHKEY_HASH_SECRET, which
 * Redis never sees. Whoever can write to Redis can then delete entries (a miss: the check reads
 * PostgreSQL) but not forge one, such as a publishable key turned into a full secret key.
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

    public String seal(String value) {
        return ENCODER.encodeToString(mac(value)) + "." + value;
    }

    /** The value, or null when the stored text was not sealed by an instance holding the secret. */
    public String open(String stored) {
        if (stored == null || stored.length() <= MAC_CHARS || stored.charAt(MAC_CHARS) != '.') {
            return null;
        }
        String value = stored.substring(MAC_CHARS + 1);
        byte[] presented;
        try {
            presented = DECODER.decode(stored.substring(0, MAC_CHARS));
        } catch (IllegalArgumentException e) {
            return null;
        }
        return MessageDigest.isEqual(presented, mac(value)) ? value : null;
    }

    private byte[] mac(String value) {
        return macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
    }
}
