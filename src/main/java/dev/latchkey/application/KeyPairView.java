package dev.latchkey.application;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** An environment's default keys: the secret key in full only when just created, else its hint. */
@RegisterForReflection
public record KeyPairView(String publishableKey, String secretKey) {
}
