package dev.latchkey.enduser.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.key.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Refresh tokens: {@code rt_} and 256 bits, stored only as their SHA-256 (they are random, so no
 * key is needed to make the hash safe). A session's first token is random; each next one is
 * HMAC(key derived from the hashing secret, the token it replaces), so a client that lost the
 * answer to a refresh and presents the spent token again can be handed the same successor
 * without the database ever holding a usable token.
 */
@ApplicationScoped
public class RefreshTokens {

    static final String PREFIX = "rt_";
    private static final String PURPOSE = "latchkey refresh tokens v1";
    private static final Pattern SHAPE = Pattern.compile("rt_[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ThreadLocal<Mac> successors;

    @Inject
    public RefreshTokens(KeyHasher hasher) {
        successors = KeyHasher.macs(hasher.derivedKey(PURPOSE));
    }

    String first() {
        return SecureRandoms.token(PREFIX);
    }

    String successorOf(String spent) {
        return PREFIX + BASE64URL.encodeToString(successors.get().doFinal(spent.getBytes(StandardCharsets.US_ASCII)));
    }

    static byte[] hash(String token) {
        return Digests.sha256(token);
    }

    /** Shaped like a refresh token (anything else is refused before a lookup). */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }
}
