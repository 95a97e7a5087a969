package dev.latchkey.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.common.SecureRandoms;
import dev.latchkey.key.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Webhook signing secrets: made here ({@code whsec_} and base64 of 32 random bytes, as Standard
 * Webhooks has them), shown once, and stored sealed ({@link SecretSeal}), so a database dump alone
 * does not let anyone forge deliveries. The JDK's own HMAC signs.
 */
@ApplicationScoped
public class WebhookSecrets {

    static final String PREFIX = "whsec_";
    private static final String PURPOSE = "latchkey webhook secrets v1";

    @Inject
    SecretSeal seal;

    String generate() {
        byte[] bytes = new byte[32];
        SecureRandoms.get().nextBytes(bytes);
        return PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    String seal(String secret) {
        return seal.seal(PURPOSE, secret);
    }

    String open(String stored) {
        return seal.open(PURPOSE, stored);
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
}
