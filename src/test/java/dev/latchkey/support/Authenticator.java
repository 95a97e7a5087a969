package dev.latchkey.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/**
 * An authenticator app in the test: it reads an {@code otpauth://} URL as apps do and makes the
 * codes of RFC 6238 with the JDK's HMAC, written here from the RFC (the service uses a library),
 * checked against the RFC's own test vectors in {@code AuthenticatorTest}.
 */
public record Authenticator(byte[] secret, String issuer, int digits, int period) {

    /** From the URL an enrolment answers; fails unless it is a SHA-1 TOTP URL. */
    public static Authenticator scan(String otpauthUrl) {
        URI uri = URI.create(otpauthUrl);
        if (!"otpauth".equals(uri.getScheme()) || !"totp".equals(uri.getHost())) {
            throw new IllegalArgumentException("not a TOTP URL: " + otpauthUrl);
        }
        Map<String, String> query = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
        }
        if (!"SHA1".equals(query.getOrDefault("algorithm", "SHA1"))) {
            throw new IllegalArgumentException("an algorithm authenticator apps do not all support: " + otpauthUrl);
        }
        return new Authenticator(new Base32().decode(query.get("secret")), query.get("issuer"),
                Integer.parseInt(query.getOrDefault("digits", "6")), Integer.parseInt(query.getOrDefault("period", "30")));
    }

    /** The code shown now. */
    public String now() {
        return at(Instant.now(), 0);
    }

    /** The code of the step {@code offset} steps away from the one at this time. */
    public String at(Instant time, int offset) {
        long step = time.getEpochSecond() / period + offset;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int at = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[at] & 0x7f) << 24) | ((hash[at + 1] & 0xff) << 16) | ((hash[at + 2] & 0xff) << 8)
                    | (hash[at + 3] & 0xff);
            int modulus = (int) Math.pow(10, digits);
            return String.format("%0" + digits + "d", binary % modulus);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "Authenticator[" + issuer + ", secret hidden]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Authenticator that && Arrays.equals(secret, that.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }
}
