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
 * issuer, expiry) and must be meant for this service: {@code aud} its application id, {@code env}
 * the environment it serves, {@code type} the kind of key it accepts. Without those three, a token
 * minted by another application, or by a test key, would pass. This is the README's Java example,
 * run by the tests.
 */
public final class OfflineVerification {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /**
     * @param applicationId the Latchkey application whose keys may call this service
     * @param environment {@code live} or {@code test}
     * @param type {@code sk} (servers) or {@code pk} (browsers)
     */
    public OfflineVerification(String latchkeyUrl, String applicationId, String environment, String type) throws Exception {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(latchkeyUrl + "/.well-known/jwks.json").toURL())
                .retrying(true).build();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(applicationId,
                new JWTClaimsSet.Builder().issuer("latchkey").claim("token_use", "access")
                        .claim("env", environment).claim("type", type).build(),
                Set.of("sub", "aud", "application_id", "env", "type", "scopes", "exp")));
    }

    /** The token's claims if it is genuine, current and meant for this service; an exception otherwise. */
    public JWTClaimsSet verify(String accessToken) throws Exception {
        return processor.process(accessToken, null);
    }
}
