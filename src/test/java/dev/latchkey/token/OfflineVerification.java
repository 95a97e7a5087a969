package dev.latchkey.token;

import java.net.URI;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * How a Java service verifies Latchkey access tokens offline, with nimbus-jose-jwt: the JWKS is
 * fetched once and cached; each token is then checked in memory (signature by {@code kid},
 * issuer, expiry). This is the README's Java example, run by the tests.
 */
public final class OfflineVerification {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public OfflineVerification(String latchkeyUrl) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(latchkeyUrl + "/.well-known/jwks.json").toURL())
                .retrying(true).build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer("latchkey").claim("token_use", "access").build(),
                Set.of("sub", "application_id", "env", "type", "scopes", "exp")));
    }

    /** The token's claims if it is genuine and current; an exception otherwise. */
    public JWTClaimsSet verify(String accessToken) throws Exception {
        return processor.process(accessToken, null);
    }
}
