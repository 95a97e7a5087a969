package dev.latchkey.key;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.common.SecureRandoms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Seals for the few secrets the service must read back (webhook signing secrets, the token of a
 * mail waiting to be sent): AES-GCM under a key derived from the hashing secret for each purpose,
 * so a database dump alone reveals none. A seal names the hashing-secret version it was made
 * under, so rotating that secret keeps older seals readable while the previous secret is still
 * configured. The JDK's own AES-GCM does the work.
 */
@ApplicationScoped
public class SecretSeal {

    private static final int IV_BYTES = 12;

    @Inject
    KeyHasher hasher;

    /** {@code v<version>.<base64 of iv and ciphertext>}. */
    public String seal(String purpose, String secret) {
        int version = hasher.currentVersion();
        byte[] iv = new byte[IV_BYTES];
        SecureRandoms.get().nextBytes(iv);
        byte[] sealed = crypt(purpose, Cipher.ENCRYPT_MODE, version, iv, secret.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[IV_BYTES + sealed.length];
        System.arraycopy(iv, 0, stored, 0, IV_BYTES);
        System.arraycopy(sealed, 0, stored, IV_BYTES, sealed.length);
        return "v" + version + "." + Base64.getEncoder().encodeToString(stored);
    }

    public String open(String purpose, String stored) {
        int dot = stored.indexOf('.');
        int version = Integer.parseInt(stored.substring(1, dot));
        byte[] bytes = Base64.getDecoder().decode(stored.substring(dot + 1));
        byte[] plain = crypt(purpose, Cipher.DECRYPT_MODE, version, Arrays.copyOf(bytes, IV_BYTES),
                Arrays.copyOfRange(bytes, IV_BYTES, bytes.length));
        return new String(plain, StandardCharsets.UTF_8);
    }

    private byte[] crypt(String purpose, int mode, int version, byte[] iv, byte[] input) {
        byte[] key = hasher.candidates(purpose).stream().filter(hash -> hash.version() == version).findFirst()
                .orElseThrow(() -> new IllegalStateException("A secret was sealed under hashing secret version " + version
                        + ", which is no longer configured"))
                .hash();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A secret could not be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
