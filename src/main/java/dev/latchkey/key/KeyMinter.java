package dev.latchkey.key;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.UUID;

import dev.latchkey.common.Timestamps;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes new keys: the value shown once, and the entity that keeps only its keyed hash. */
@ApplicationScoped
public class KeyMinter {

    @Inject
    KeyHasher hasher;

    /** LATCHKEY_KEY_PREFIX (CONTRACT section 2): new keys read {@code <prefix>_sk_live_…}; none by default. */
    @ConfigProperty(name = "latchkey.key-prefix")
    Optional<String> prefix;

    /** A bad prefix stops start-up, naming the setting, instead of failing the first key minted. */
    void checkPrefix(@Observes StartupEvent started) {
        if (prefix.isPresent() && !ApiKeyFormat.isOperatorPrefix(prefix.get())) {
            throw new IllegalStateException("LATCHKEY_KEY_PREFIX must be 1 to " + ApiKeyFormat.MAX_OPERATOR_PREFIX
                    + " characters of a-z and 0-9 (such as acme)");
        }
    }

    /** A new key, not yet persisted, with the one copy of its value. */
    public record Minted(ApiKey key, String value) {
    }

    public Minted mint(UUID applicationId, Environment environment, KeyType type, String name, Permissions permissions) {
        String value = ApiKeyFormat.generate(prefix.orElse(null), type, environment);
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
