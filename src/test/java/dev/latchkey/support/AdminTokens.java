package dev.latchkey.support;

import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;

/** Admin tokens as the operator's identity provider would issue them, signed with the test key pair. */
public final class AdminTokens {

    static {
        SuiteFilters.install();
    }

    public static final String ISSUER = "https://issuer.latchkey.test";
    /** What the service requires of admin tokens (mp.jwt.verify.audiences in the test profile). */
    public static final String AUDIENCE = "latchkey-admin";

    private AdminTokens() {
    }

    public static String platformAdmin() {
        return sign(claims("platform-operator").groups("platform-admin"));
    }

    public static String tenantAdmin(String tenantId) {
        return sign(claims("admin-of-" + tenantId).groups("tenant-admin").claim("tenant_id", tenantId));
    }

    public static String expiredTenantAdmin(String tenantId) {
        Instant past = Instant.now().minus(Duration.ofHours(2));
        return sign(Jwt.issuer(ISSUER).audience(AUDIENCE).subject("late-admin").groups("tenant-admin").claim("tenant_id", tenantId)
                .issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(5))));
    }

    /** A well-formed token whose signature comes from a key the service does not trust. */
    public static String forgedPlatformAdmin() throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return claims("mallory").groups("platform-admin").sign(generator.generateKeyPair().getPrivate());
    }

    public static JwtClaimsBuilder claims(String subject) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject(subject).upn(subject).expiresIn(Duration.ofMinutes(10));
    }

    public static String sign(JwtClaimsBuilder claims) {
        try {
            PrivateKey key = KeyUtils.readPrivateKey("admin-private.pem");
            return claims.sign(key);
        } catch (Exception e) {
            throw new IllegalStateException("Could not sign a test admin token", e);
        }
    }
}
