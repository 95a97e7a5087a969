package dev.latchkey.application;

import java.time.Instant;

/** Answer of rotate-secret: the new secret, shown this once, and when the previous one stops working. */
public record RotationView(String secretKey, Instant createdAt, Instant previousKeyExpiresAt) {
}
