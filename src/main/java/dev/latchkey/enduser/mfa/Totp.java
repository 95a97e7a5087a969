package dev.latchkey.enduser.mfa;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.crypto.spec.SecretKeySpec;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import dev.latchkey.common.SecureRandoms;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP as authenticator apps expect it (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps); the
 * codes come from java-otp. A code is accepted for the step before and after the current one, so
 * a clock a little off, or a code typed as it turns, still works.
 */
final class Totp {

    static final Duration STEP = Duration.ofSeconds(30);
    private static final int DIGITS = 6;
    /** 160 bits, the size RFC 4226 recommends for an HMAC-SHA-1 secret. */
    private static final int SECRET_BYTES = 20;
    private static final Pattern CODE = Pattern.compile("\\d{6}");

    private Totp() {
    }

    /** A new shared secret, in Base32 without padding, as authenticator apps take it. */
    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        SecureRandoms.get().nextBytes(bytes);
        return new Base32().encodeToString(bytes).replace("=", "");
    }

    /** The {@code otpauth://} URL an authenticator app reads (from a QR code or a link). */
    static String otpauthUrl(String issuer, String account, String secret) {
        String label = encode(issuer) + ":" + encode(account);
        return "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
    }

    static boolean looksLikeCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }

    /** The step (now, one before or one after) whose code this is; -1 when it matches none. */
    static long matchingStep(String secret, String code, Instant now) {
        if (!looksLikeCode(code)) {
            return -1;
        }
        long current = now.getEpochSecond() / STEP.toSeconds();
        for (long step = current - 1; step <= current + 1; step++) {
            if (codeAt(secret, step).equals(code)) {
                return step;
            }
        }
        return -1;
    }

    static String codeAt(String secret, long step) {
        // a generator per call: it holds a Mac, which is not safe to share between threads
        TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS);
        SecretKeySpec key = new SecretKeySpec(new Base32().decode(secret), "HmacSHA1");
        try {
            return generator.generateOneTimePasswordString(key, Instant.ofEpochSecond(step * STEP.toSeconds()), Locale.ROOT);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A TOTP secret could not be used", e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
