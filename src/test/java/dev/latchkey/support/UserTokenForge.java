package dev.latchkey.support;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.build.JwtSignature;
import io.smallrye.jwt.util.KeyUtils;

/** End-user tokens made outside the service: well signed with odd claims, or forged. */
public final class UserTokenForge {

    public static final String ISSUER = "latchkey";

    private UserTokenForge() {
    }

    /** The claims of a user token of a live session, as the service makes them. */
    public static JwtClaimsBuilder claims(String userId, String sessionId, String applicationId, String environment) {
        return Jwt.issuer(ISSUER).subject(userId).audience(applicationId).claim("env", environment)
                .claim("token_use", "user").claim("sid", sessionId).claim("amr", java.util.List.of("pwd"))
                .expiresIn(Duration.ofMinutes(10));
    }

    /** Signed with the service's own test signing key (claims, or claims with chosen headers). */
    public static String sign(JwtSignature claims) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey("user-token-private.pem");
            return claims.sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("Could not sign a test user token", e);
        }
    }

    public static String expired(String userId, String sessionId, String applicationId, String environment) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return sign(claims(userId, sessionId, applicationId, environment).issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(5))));
    }

    /** Signed by a key the service never saw. */
    public static String foreignSignature(String userId, String sessionId, String applicationId, String environment) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return claims(userId, sessionId, applicationId, environment).sign(generator.generateKeyPair().getPrivate());
    }

    /** {@code alg: none} with no signature, the oldest JWT forgery. */
    public static String unsigned(String userId, String sessionId, String applicationId, String environment) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        long exp = Instant.now().plus(Duration.ofMinutes(10)).getEpochSecond();
        String header = url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + userId + "\",\"aud\":\"" + applicationId
                + "\",\"env\":\"" + environment + "\",\"token_use\":\"user\",\"sid\":\"" + sessionId + "\",\"iat\":" + (exp - 600) + ",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
