package dev.latchkey.support;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Every secret key and token the tests obtain, so the last test can prove none of them was logged. */
public final class MintedSecrets {

    private static final ConcurrentLinkedQueue<String> SECRETS = new ConcurrentLinkedQueue<>();

    private MintedSecrets() {
    }

    public static String remember(String secret) {
        if (secret != null) {
            SECRETS.add(secret);
        }
        return secret;
    }

    public static List<String> all() {
        return List.copyOf(SECRETS);
    }
}
