package dev.latchkey.token;

import org.wildfly.security.asn1.ASN1;
import org.wildfly.security.asn1.ASN1Exception;
import org.wildfly.security.asn1.DERDecoder;

/**
 * Reads the public point out of a PKCS#8 EC private key: PrivateKeyInfo holds an ECPrivateKey
 * (RFC 5915) whose optional field [1] is the public key as a BIT STRING.
 */
final class EcPublicPoint {

    private static final int PUBLIC_KEY_FIELD = 1;

    private EcPublicPoint() {
    }

    /** The uncompressed point (0x04 || X || Y), or null when the key does not carry it. */
    static byte[] find(byte[] pkcs8) {
        try {
            DERDecoder info = new DERDecoder(pkcs8);
            info.startSequence();
            info.skipElement(); // version
            info.skipElement(); // algorithm
            DERDecoder ecKey = new DERDecoder(info.decodeOctetString());
            ecKey.startSequence();
            while (ecKey.hasNextElement()) {
                if (ecKey.isNextType(ASN1.CONTEXT_SPECIFIC_MASK, PUBLIC_KEY_FIELD, true)) {
                    ecKey.startExplicit(PUBLIC_KEY_FIELD);
                    return ecKey.decodeBitString();
                }
                ecKey.skipElement();
            }
            return null;
        } catch (ASN1Exception e) {
            return null;
        }
    }
}
