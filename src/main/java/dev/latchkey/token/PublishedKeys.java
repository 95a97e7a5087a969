package dev.latchkey.token;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The public keys that verify the service's tokens: the current signing key's, plus earlier
 * ones named by {@code latchkey.token.previous-public-key-locations} (PEM files or URLs), kept
 * after a signing-key rotation until the tokens they signed have expired (1 hour at most).
 * Served as {@code /.well-known/jwks.json} and used to verify end-user tokens, by {@code kid}.
 */
@ApplicationScoped
public class PublishedKeys {

    /** One verification key: its id, the key, and the algorithm it verifies. */
    public record Published(String keyId, PublicKey key, SignatureAlgorithm algorithm) {
    }

    private final Map<String, Published> byKeyId = new LinkedHashMap<>();
    private final String current;
    private final String jwks;

    PublishedKeys(SigningKey signingKey, TokenConfig config) {
        current = signingKey.keyId();
        byKeyId.put(current, new Published(current, signingKey.publicKey(), signingKey.algorithm()));
        for (String location : config.previousPublicKeyLocations().orElse(List.of())) {
            Published earlier = read(location.trim());
            byKeyId.putIfAbsent(earlier.keyId(), earlier);
        }
        jwks = toJwks(byKeyId.values());
    }

    /** The key with this id; the current key for a token that names none; null for an unknown id. */
    public Published forKeyId(String keyId) {
        return byKeyId.get(keyId == null ? current : keyId);
    }

    /** The JWK set, public members only. */
    public String jwks() {
        return jwks;
    }

    private static Published read(String location) {
        try {
            String pem = KeyUtils.readKeyContent(location);
            PublicKey key;
            try {
                key = KeyUtils.decodePublicKey(pem, SignatureAlgorithm.RS256);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                key = KeyUtils.decodePublicKey(pem, SignatureAlgorithm.ES256);
            }
            SignatureAlgorithm algorithm = key instanceof ECPublicKey ? SignatureAlgorithm.ES256 : SignatureAlgorithm.RS256;
            return new Published(SigningKey.thumbprint(key), key, algorithm);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A previous token key (latchkey.token.previous-public-key-locations) "
                    + "cannot be read as a PEM public key, RSA or EC", e);
        }
    }

    private static String toJwks(Iterable<Published> keys) {
        List<JsonWebKey> jwks = new ArrayList<>();
        try {
            for (Published published : keys) {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(published.key());
                jwk.setKeyId(published.keyId());
                jwk.setUse("sig");
                jwk.setAlgorithm(published.algorithm().getAlgorithm());
                jwks.add(jwk);
            }
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }
}
