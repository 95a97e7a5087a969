package dev.latchkey.common;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The one strong random generator for key material, secrets, salts and generated ids. In the
 * native image this class is initialised at run time (quarkus.native.additional-build-args): the
 * image builder refuses a generator created at build time, which Quarkus' build-time class
 * initialisation would otherwise make of any static one.
 */
public final class SecureRandoms {

    private static final SecureRandom INSTANCE = new SecureRandom();

    private SecureRandoms() {
    }

    public static SecureRandom get() {
        return INSTANCE;
    }

    /** An opaque bearer token: the prefix, then 256 random bits in unpadded base64url. */
    public static String token(String prefix) {
        byte[] bytes = new byte[32];
        INSTANCE.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
