package dev.latchkey.outbox;

import java.util.List;
import java.util.UUID;

/**
 * Fired by {@link Outbox} inside the transaction that changes what a key may do (revoke, rotate,
 * update) or what an application's keys see (configuration, deletion). The instance that made the
 * change publishes it to every cache after the commit; the outbox row it names is the fallback
 * when that instance dies first.
 *
 * @param eventId       the outbox row that carries this invalidation
 * @param keyId         the one key concerned, or null when the whole application is
 * @param applicationId the application concerned
 * @param storedHashes  the keyed hashes of every key concerned, as stored
 */
public record AccessChange(UUID eventId, UUID keyId, UUID applicationId, List<byte[]> storedHashes) {

    public static final String KEY_TARGET = "key:";
    public static final String APPLICATION_TARGET = "app:";

    /** What caches hear: {@code key:<id>} or {@code app:<id>}. */
    public String target() {
        return keyId != null ? KEY_TARGET + keyId : APPLICATION_TARGET + applicationId;
    }
}
