package dev.latchkey.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.common.SecureRandoms;
import dev.latchkey.key.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Webhook signing secrets: made here ({@code whsec_} and base64 of 32 random bytes, as Standard
 * Webhooks has them), shown once, and stored sealed with AES-GCM under a key derived from the
 * hashing secret, so a database dump alone does not let anyone forge deliveries. The seal names
 * the hashing-secret version it was made under, so rotating that secret keeps old webhooks working
 * while the previous secret is still configured. The JDK's own AES-GCM and HMAC do the work.
 */
@ApplicationScoped
public class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final String PURPOSE = "latchkey webhook secrets v1";
    private static final int IV_BYTES = 12;

    @Inject
    KeyHasher hasher;

    String generate() {
        byte[] bytes = new byte[32];
        SecureRandoms.get().nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code v<version>.<base64 of iv and ciphertext>}. */
    String seal(String secret) {
        int version = hasher.currentVersion();
        byte[] iv = new byte[IV_BYTES];
        SecureRandoms.get().nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, version, iv, secret.getBytes(StandardCharsets.US_ASCII));
        byte[] stored = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, stored, 0, IV_BYTES);
        System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
        return "v" + version + "." + Base64.getEncoder().encodeToString(stored);
    }

    String open(String stored) {
        int dot = stored.indexOf('.');
        int version = Integer.parseInt(stored.substring(1, dot));
        byte[] bytes = Base64.getDecoder().decode(stored.substring(dot + 1));
        byte[] plain = crypt(Cipher.DECRYPT_MODE, version, Arrays.copyOf(bytes, IV_BYTES), Arrays.copyOfRange(bytes, IV_BYTES, bytes.length));
        return new String(plain, StandardCharsets.US_ASCII);
    }

    /** The {@code webhook-signature} header: one signature per secret, space-separated (Standard Webhooks). */
    String signatures(List<String> sealedSecrets, String id, long timestamp, String body) {
        return sealedSecrets.stream().map(sealed -> signature(open(sealed), id, timestamp, body)).collect(Collectors.joining(" "));
    }

    /** Standard Webhooks' {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed with the secret's decoded bytes. */
    static String signature(String secret, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            byte[] signed = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private byte[] crypt(int mode, int version, byte[] iv, byte[] input) {
        byte[] key = hasher.candidates(PURPOSE).stream().filter(hash -> hash.version() == version).findFirst()
                .orElseThrow(() -> new IllegalStateException("A webhook secret was sealed under hashing secret version " + version
                        + ", which is no longer configured"))
                .hash();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A webhook secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
