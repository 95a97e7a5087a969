package dev.latchkey.application;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Answer of rotate-secret: the new key (a secret one shown this once, or the new publishable
 * one), and when the previous one stops working.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RotationView(String secretKey, String publishableKey, Instant createdAt, Instant previousKeyExpiresAt) {
}
