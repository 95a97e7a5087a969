package dev.latchkey.application;

/** An environment's default keys: the secret key in full only when just created, else its hint. */
public record KeyPairView(String publishableKey, String secretKey) {
}
