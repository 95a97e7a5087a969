package dev.latchkey.key;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The keyed hash under which API keys are stored ({@link KeyHasher}). */
@ConfigMapping(prefix = "latchkey.hash")
public interface HashConfig {

    /** Base64 of at least 32 random bytes: the HMAC key under which API keys are stored (LATCHKEY_HASH_SECRET). */
    String secret();

    /** Version number stored with every hash made under {@link #secret()}; raise it when the secret is rotated. */
    @WithDefault("1")
    int version();

    /**
     * Earlier secrets, each as {@code version:base64}, still accepted for keys hashed under them
     * (LATCHKEY_HASH_PREVIOUS_SECRETS, comma-separated).
     */
    Optional<List<String>> previousSecrets();
}
