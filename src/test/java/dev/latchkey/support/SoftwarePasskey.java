package dev.latchkey.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * A passkey held in memory, answering WebAuthn options as a browser with a platform authenticator
 * would (attestation "none", ES256, user verified), so that server tests can run ceremonies without
 * a browser. Its counter can be rewound, as a cloned authenticator's would be. The browser test
 * checks the same flows with Chromium's own virtual authenticator.
 */
public final class SoftwarePasskey {

    private static final byte USER_PRESENT = 0x01;
    private static final byte USER_VERIFIED = 0x04;
    private static final byte ATTESTED_CREDENTIAL = 0x40;

    private final KeyPair keys;
    private final byte[] credentialId = new byte[16];
    private byte[] userHandle;
    private int counter;

    public SoftwarePasskey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        new java.security.SecureRandom().nextBytes(credentialId);
    }

    public String credentialId() {
        return base64Url(credentialId);
    }

    /** Sets the signature counter, e.g. back to an earlier value. */
    public void counter(int value) {
        counter = value;
    }

    /** The answer to creation options, from a page at {@code origin}: PublicKeyCredential.toJSON(). */
    public Map<String, Object> create(Map<String, Object> options, String origin) {
        @SuppressWarnings("unchecked")
        Map<String, Object> rp = (Map<String, Object>) options.get("rp");
        @SuppressWarnings("unchecked")
        Map<String, Object> user = (Map<String, Object>) options.get("user");
        userHandle = Base64.getUrlDecoder().decode((String) user.get("id"));
        byte[] clientData = clientData("webauthn.create", (String) options.get("challenge"), origin);
        byte[] authenticatorData = concat(sha256((String) rp.get("id")), new byte[] {USER_PRESENT | USER_VERIFIED | ATTESTED_CREDENTIAL},
                ByteBuffer.allocate(4).putInt(counter).array(), new byte[16],
                ByteBuffer.allocate(2).putShort((short) credentialId.length).array(), credentialId, coseKey());
        byte[] attestation = cbor(generator -> {
            generator.writeStartObject();
            generator.writeStringField("fmt", "none");
            generator.writeFieldName("attStmt");
            generator.writeStartObject();
            generator.writeEndObject();
            generator.writeBinaryField("authData", authenticatorData);
            generator.writeEndObject();
        });
        return Map.of("id", credentialId(), "rawId", credentialId(), "type", "public-key", "clientExtensionResults", Map.of(),
                "response", Map.of("clientDataJSON", base64Url(clientData), "attestationObject", base64Url(attestation),
                        "transports", java.util.List.of("internal")));
    }

    /** The answer to request options for relying party {@code rpId}, from a page at {@code origin}; the counter moves on. */
    public Map<String, Object> get(Map<String, Object> options, String origin) {
        counter++;
        byte[] clientData = clientData("webauthn.get", (String) options.get("challenge"), origin);
        byte[] authenticatorData = concat(sha256((String) options.get("rpId")), new byte[] {USER_PRESENT | USER_VERIFIED},
                ByteBuffer.allocate(4).putInt(counter).array());
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(concat(authenticatorData, MessageDigest.getInstance("SHA-256").digest(clientData)));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Map.of("id", credentialId(), "rawId", credentialId(), "type", "public-key", "clientExtensionResults", Map.of(),
                "response", Map.of("clientDataJSON", base64Url(clientData), "authenticatorData", base64Url(authenticatorData),
                        "signature", base64Url(signature), "userHandle", base64Url(userHandle)));
    }

    private static byte[] clientData(String type, String challenge, String origin) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The public key as COSE (RFC 9053): EC2, ES256, P-256, x and y. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        return cbor(generator -> {
            generator.writeStartObject();
            generator.writeFieldId(1);
            generator.writeNumber(2);
            generator.writeFieldId(3);
            generator.writeNumber(-7);
            generator.writeFieldId(-1);
            generator.writeNumber(1);
            generator.writeFieldId(-2);
            generator.writeBinary(coordinate(key.getW().getAffineX()));
            generator.writeFieldId(-3);
            generator.writeBinary(coordinate(key.getW().getAffineY()));
            generator.writeEndObject();
        });
    }

    private static byte[] coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
        return fixed;
    }

    private interface CborWriting {
        void write(CBORGenerator generator) throws IOException;
    }

    private static byte[] cbor(CborWriting writing) {
        var out = new ByteArrayOutputStream();
        try (CBORGenerator generator = new CBORFactory().createGenerator(out)) {
            writing.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
