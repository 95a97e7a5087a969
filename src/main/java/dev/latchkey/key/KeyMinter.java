package dev.latchkey.key;

import java.util.LinkedHashMap;
import java.util.UUID;

import dev.latchkey.common.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Makes new keys: the value shown once, and the entity that keeps only its keyed hash. */
@ApplicationScoped
public class KeyMinter {

    @Inject
    KeyHasher hasher;

    /** A new key, not yet persisted, with the one copy of its value. */
    public record Minted(ApiKey key, String value) {
    }

    public Minted mint(UUID applicationId, Environment environment, KeyType type, String name, Permissions permissions) {
        String value = ApiKeyFormat.generate(type, environment);
        ApiKey key = new ApiKey();
        key.id = UUID.randomUUID();
        key.applicationId = applicationId;
        key.environment = environment;
        key.type = type;
        key.name = name;
        key.keyHash = hasher.hash(value);
        key.hashVersion = hasher.currentVersion();
        key.publishableValue = type == KeyType.PUBLISHABLE ? value : null;
        key.hint = ApiKeyFormat.hint(value);
        key.permissions = new LinkedHashMap<>(permissions.toMap()); // the entity owns a map of its own
        key.createdAt = Timestamps.now();
        return new Minted(key, value);
    }
}
