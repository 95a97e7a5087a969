package dev.latchkey.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key's public half is derived correctly: tokens it signs verify under it, for RSA and EC. */
class SigningKeyTest {

    @Test
    void rsaKeysSignRs256AndVerifyWithTheDerivedPublicKey() throws Exception {
        SigningKey key = new SigningKey("user-token-private.pem");
        assertEquals(SignatureAlgorithm.RS256, key.algorithm());
        assertEquals("someone", verify(key));
    }

    @Test
    void ecKeysSignEs256AndVerifyWithThePublicPointTheyCarry() throws Exception {
        SigningKey key = new SigningKey("user-token-ec-private.pem");
        assertEquals(SignatureAlgorithm.ES256, key.algorithm());
        assertEquals("someone", verify(key));
        assertTrue(key.keyId().length() >= 43, "an RFC 7638 SHA-256 thumbprint");
    }

    @Test
    void anEcKeyWithoutItsPublicPointIsRefusedWithAClearMessage(@TempDir Path folder) throws Exception {
        // the JDK encodes EC private keys without the optional public point, unlike OpenSSL
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        Path pem = folder.resolve("bare-ec.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> new SigningKey(pem.toUri().toString()));
        assertTrue(refused.getMessage().contains("must include its public key"));
    }

    @Test
    void somethingElseIsRefused(@TempDir Path folder) throws Exception {
        Path pem = folder.resolve("not-a-key.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        assertThrows(IllegalStateException.class, () -> new SigningKey(pem.toUri().toString()));
    }

    private static String verify(SigningKey key) throws Exception {
        String token = Jwt.subject("someone").jws().algorithm(key.algorithm()).sign(key.privateKey());
        return new DefaultJWTParser().verify(token, key.publicKey()).getSubject();
    }
}
