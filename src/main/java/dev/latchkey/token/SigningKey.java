package dev.latchkey.token;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * The service's own token-signing key (SMALLRYE_JWT_SIGN_KEY_LOCATION, a PEM private key, RSA
 * or EC P-256): it signs end-user tokens, and its public half, derived here, verifies them.
 * RS256 for an RSA key, ES256 for an EC key.
 */
@ApplicationScoped
public class SigningKey {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final SignatureAlgorithm algorithm;
    private final String keyId;

    SigningKey(@ConfigProperty(name = "smallrye.jwt.sign.key.location") String location) {
        String pem = read(location);
        PrivateKey rsa = decode(pem, SignatureAlgorithm.RS256);
        PrivateKey key = rsa != null ? rsa : decode(pem, SignatureAlgorithm.ES256);
        if (key == null) {
            throw new IllegalStateException("The token signing key (SMALLRYE_JWT_SIGN_KEY_LOCATION) must be a PEM "
                    + "PKCS#8 private key, RSA or EC P-256");
        }
        this.privateKey = key;
        this.algorithm = rsa != null ? SignatureAlgorithm.RS256 : SignatureAlgorithm.ES256;
        this.publicKey = rsa != null ? rsaPublicKey(rsa) : ecPublicKey((ECPrivateKey) key, pem);
        this.keyId = thumbprint(publicKey);
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The RFC 7638 thumbprint of the public key, sent as {@code kid}. */
    public String keyId() {
        return keyId;
    }

    private static String read(String location) {
        try {
            return KeyUtils.readKeyContent(location);
        } catch (IOException e) {
            throw new IllegalStateException("The token signing key (SMALLRYE_JWT_SIGN_KEY_LOCATION) cannot be read", e);
        }
    }

    private static PrivateKey decode(String pem, SignatureAlgorithm algorithm) {
        try {
            return KeyUtils.decodePrivateKey(pem, algorithm);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static PublicKey rsaPublicKey(PrivateKey key) {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalStateException("The RSA token signing key must be a full (CRT) private key");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The JDK cannot compute an EC public key from the private one, but a PKCS#8 EC key as
     * OpenSSL writes it carries the public point (RFC 5915, field [1]): it is read from there.
     */
    private static PublicKey ecPublicKey(ECPrivateKey key, String pem) {
        byte[] point = EcPublicPoint.find(Base64.getMimeDecoder().decode(KeyUtils.removePemKeyBeginEnd(pem)));
        int size = (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
        if (point == null || point.length != 1 + 2 * size || point[0] != 4) {
            throw new IllegalStateException("The EC token signing key must include its public key "
                    + "(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 writes it)");
        }
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + size)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + size, point.length)));
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, key.getParams()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint("SHA-256");
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
