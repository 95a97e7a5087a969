package dev.latchkey.application;

import java.util.List;
import java.util.UUID;

import dev.latchkey.key.ApiKey;

/**
 * Fired inside the transaction that changes what a key may do (revoke, rotate) or what an
 * application's keys see (configuration, deletion). Caches act on it after the commit.
 *
 * @param keyId         the one key concerned, or null when the whole application is
 * @param applicationId the application concerned
 * @param storedHashes  the keyed hashes of every key concerned, as stored
 */
public record AccessChange(UUID keyId, UUID applicationId, List<byte[]> storedHashes) {

    static AccessChange ofKey(ApiKey key) {
        return new AccessChange(key.id, key.applicationId, List.of(key.keyHash));
    }

    static AccessChange ofApplication(UUID applicationId, List<byte[]> storedHashes) {
        return new AccessChange(null, applicationId, List.copyOf(storedHashes));
    }
}
