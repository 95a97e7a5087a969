package dev.latchkey.caller;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;

/**
 * A key as the check knows it: who it belongs to, what it may do, its own rate limit (null: its
 * environment's), and what the operator said about it (CONTRACT section 8: name, meta,
 * external id, whether it is enabled, the addresses it may be used from, null: any; its credits,
 * null: unlimited). Holds no secret.
 */
public record VerifiedKey(
        UUID keyId,
        KeyType type,
        Environment environment,
        Permissions permissions,
        Instant expiresAt,
        RateLimitSpec rateLimit,
        List<String> ownScopes,
        PublicConfig application,
        String name,
        Map<String, Object> meta,
        String externalId,
        boolean enabled,
        IpAllowlist ipAllowlist,
        CreditsSpec credits) {

    public String tenantId() {
        return application.tenantId();
    }

    public UUID applicationId() {
        return application.applicationId();
    }

    /**
     * The custom scopes the key holds now: a publishable key its application's publishable
     * scopes, a secret key its own list (null: every scope), always within the application's
     * current vocabulary.
     */
    public List<String> scopes() {
        if (type == KeyType.PUBLISHABLE) {
            return application.publishableScopes().stream().filter(application.scopes()::contains).toList();
        }
        return ownScopes == null ? application.scopes() : ownScopes.stream().filter(application.scopes()::contains).toList();
    }

    /** Whether the key holds a scope: a built-in permission such as {@code data:write}, or a custom one. */
    public boolean holds(String scope) {
        int colon = scope.indexOf(':');
        Permissions.Resource resource = colon < 0 ? null : Permissions.Resource.fromWire(scope.substring(0, colon));
        Permissions.Level level = colon < 0 ? null : Permissions.Level.fromWire(scope.substring(colon + 1));
        if (resource != null && level != null) {
            return permissions.allows(resource, level);
        }
        // scopes().contains(scope), without building the list on every check
        if (!application.scopes().contains(scope)) {
            return false;
        }
        return type == KeyType.PUBLISHABLE ? application.publishableScopes().contains(scope)
                : ownScopes == null || ownScopes.contains(scope);
    }
}
