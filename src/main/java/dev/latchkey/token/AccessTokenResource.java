package dev.latchkey.token;

import java.time.Duration;
import java.util.UUID;

import dev.latchkey.caller.KeyCaller;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.verification.ApiKeyOnly;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

/**
 * {@code POST /api/v1/auth/token}: any valid API key gets a short-lived JWT carrying its identity
 * and scopes, which a serverless function can verify offline against the JWKS. The price: a key
 * revoked after the exchange keeps its tokens valid until they expire (15 minutes at most).
 */
@Path("/api/v1/auth/token")
@ApiKeyOnly
public class AccessTokenResource {

    static final Duration MAX_TTL = Duration.ofMinutes(15);

    @Inject
    KeyCaller caller;

    @Inject
    SigningKey signingKey;

    private final TokenConfig config;

    AccessTokenResource(TokenConfig config) {
        this.config = config;
        TokenLifetime.checked(this.config.accessTokenTtl(), MAX_TTL, "latchkey.token.access-token-ttl");
    }

    public record AccessToken(String accessToken, String tokenType, long expiresIn) {
    }

    @POST
    public AccessToken exchange() {
        VerifiedKey key = caller.key();
        String token = Jwt.issuer(config.accessTokenIssuer())
                .subject(key.keyId().toString())
                // the application is the audience: another application's verifier refuses the token
                .audience(key.applicationId().toString())
                .claim("application_id", key.applicationId().toString())
                .claim("tenant_id", key.tenantId())
                .claim("env", key.environment().wire())
                .claim("type", key.type().prefix())
                .claim("scopes", key.scopes())
                .claim("permissions", key.permissions().toMap())
                .claim("token_use", "access")
                .claim("jti", UUID.randomUUID().toString())
                .expiresIn(config.accessTokenTtl())
                .jws().keyId(signingKey.keyId()).algorithm(signingKey.algorithm())
                .sign(signingKey.privateKey());
        return new AccessToken(token, "Bearer", config.accessTokenTtl().toSeconds());
    }
}
