package dev.latchkey.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.caller.RateLimitSpec;
import dev.latchkey.common.Ids;
import dev.latchkey.common.Page;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.ApiKeyRepository;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyMinter;
import dev.latchkey.key.KeyType;
import dev.latchkey.key.Permissions;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** An application's keys: the default pair per environment, extra secret keys, changes and revocation ({@link KeyRotation} rotates). */
@ApplicationScoped
@Transactional
public class ApplicationKeys {

    /** Unrevoked keys an application may hold, so listings and lookups stay bounded. */
    static final int MAX_UNREVOKED_KEYS = 100;
    static final String DEFAULT_NAME = "default";

    @Inject
    ApiKeyRepository keys;

    @Inject
    KeyMinter minter;

    @Inject
    ApplicationRepository applications;

    @Inject
    AuditLog audit;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    /** The four keys of a new application, with both secrets in full: the one time they are shown. */
    public Map<String, KeyPairView> mintDefaults(Application app) {
        Map<String, KeyPairView> pairs = new LinkedHashMap<>();
        for (Environment environment : Environment.values()) {
            String publishable = persistPrimary(app.id, environment, KeyType.PUBLISHABLE, Permissions.publishable());
            String secret = persistPrimary(app.id, environment, KeyType.SECRET, Permissions.unrestrictedSecret());
            pairs.put(environment.wire(), new KeyPairView(publishable, secret));
        }
        return pairs;
    }

    /** The default pairs of many applications, secrets as hints, in one query. */
    public Map<UUID, Map<String, KeyPairView>> hintsOf(List<Application> apps) {
        Map<String, String> shown = new HashMap<>();
        if (!apps.isEmpty()) {
            for (ApiKey key : keys.primariesOf(apps.stream().map(app -> app.id).toList())) {
                String value = key.type == KeyType.PUBLISHABLE ? key.publishableValue : key.hint;
                shown.put(slot(key.applicationId, key.environment, key.type), value);
            }
        }
        Map<UUID, Map<String, KeyPairView>> views = new LinkedHashMap<>();
        for (Application app : apps) {
            Map<String, KeyPairView> pairs = new LinkedHashMap<>();
            for (Environment environment : Environment.values()) {
                pairs.put(environment.wire(), new KeyPairView(
                        shown.get(slot(app.id, environment, KeyType.PUBLISHABLE)),
                        shown.get(slot(app.id, environment, KeyType.SECRET))));
            }
            views.put(app.id, pairs);
        }
        return views;
    }

    private static String slot(UUID applicationId, Environment environment, KeyType type) {
        return applicationId + "/" + environment + "/" + type;
    }

    /** A page of the application's keys in creation order; with an external id, only that owner's. */
    public Page<ApiKey> list(Application app, String externalId, int limit, String after) {
        ApiKey cursor = after == null ? null
                : keys.findInApplication(app.id, Ids.parse(after, "Key")).orElseThrow(() -> ApiException.invalidRequest("after: no such key"));
        return Page.of(keys.page(app.id, externalId, cursor, Page.lookahead(limit)), limit, key -> key.id.toString());
    }

    /** An extra secret key, unrestricted or restricted; its value is returned this once. */
    public KeyView createSecret(Application app, KeyRequest request) {
        Permissions permissions = Permissions.parse(request.permissions());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Timestamps.now())) {
            throw ApiException.invalidRequest("expires_at must be in the future");
        }
        Map<String, Object> meta = KeyFields.meta(request.meta(), json);
        String externalId = KeyFields.externalId(request.externalId());
        Boolean enabled = KeyFields.enabled(request.enabled());
        List<String> ipAllowlist = KeyFields.ipAllowlist(request.ipAllowlist());
        List<String> scopes = knownScopes(app, request.scopes());
        // creations of one application's keys wait for each other, so the count stays true until the insert
        if (!applications.lock(app.id)) {
            throw ApiException.notFound("Application");
        }
        if (keys.countUnrevoked(app.id) >= MAX_UNREVOKED_KEYS) {
            throw ApiException.conflict("An application holds at most " + MAX_UNREVOKED_KEYS + " unrevoked keys; revoke one first");
        }
        KeyMinter.Minted minted = minter.mint(app.id, request.environment(), KeyType.SECRET, request.name().trim(), permissions);
        ApiKey key = minted.key();
        key.expiresAt = Timestamps.stored(request.expiresAt());
        if (request.rateLimit() != null) {
            key.rateLimit = request.rateLimit().limit();
            key.rateLimitWindowSeconds = request.rateLimit().windowSeconds();
        }
        key.scopes = scopes;
        key.meta = meta;
        key.externalId = externalId;
        key.enabled = enabled == null || enabled;
        key.ipAllowlist = ipAllowlist;
        if (request.credits() != null) {
            KeyFields.applyCredits(request.credits(), key, Timestamps.now());
        }
        keys.persist(key);
        audit.record("key.create", app.tenantId, app.id, "key:" + key.id);
        outbox.keyEvent(EventType.KEY_CREATED, app.tenantId, key, Map.of(), false);
        return KeyView.of(key, minted.value());
    }

    /**
     * Changes what {@link KeyUpdate} names ({@code rate_limit: null} returns the key to its
     * environment's default; {@code enabled} suspends or restores it). Every instance drops its
     * cached copy before the answer, like a revocation; the audit entry names the changed fields.
     */
    public ApiKey update(Application app, UUID keyId, KeyUpdate update) {
        ApiKey key = keys.lockInApplication(app.id, keyId).orElseThrow(() -> ApiException.notFound("Key"));
        List<String> changed = new ArrayList<>();
        if (update.name() != null) {
            key.name = update.name().trim();
            changed.add("name");
        }
        if (update.rateLimit() != null) {
            RateLimitSpec limit = update.rateLimitSpec();
            key.rateLimit = limit == null ? null : limit.limit();
            key.rateLimitWindowSeconds = limit == null ? null : limit.windowSeconds();
            changed.add("rate_limit");
        }
        if (update.scopes() != null) {
            secretOnly(key, "scopes", "publishable keys hold the application's publishable_scopes");
            key.scopes = update.scopes().isNull() ? null : knownScopes(app, update.scopeList());
            changed.add("scopes");
        }
        if (update.meta() != null) {
            key.meta = KeyFields.meta(update.meta(), json);
            changed.add("meta");
        }
        if (update.externalId() != null) {
            secretOnly(key, "external_id", "publishable keys belong to the application, not to a customer");
            key.externalId = KeyFields.externalId(update.externalId());
            changed.add("external_id");
        }
        Boolean enabled = KeyFields.enabled(update.enabled());
        if (enabled != null) {
            key.enabled = enabled;
            changed.add("enabled");
        }
        if (update.ipAllowlist() != null) {
            secretOnly(key, "ip_allowlist", "publishable keys are used from any browser");
            key.ipAllowlist = KeyFields.ipAllowlist(update.ipAllowlist());
            changed.add("ip_allowlist");
        }
        if (update.credits() != null) {
            secretOnly(key, "credits", "publishable keys are public, so anyone could spend them");
            KeyFields.applyCredits(update.credits(), key, Timestamps.now());
            changed.add("credits");
        }
        audit.record("key.update", app.tenantId, app.id, "key:" + key.id, changed);
        outbox.keyEvent(EventType.KEY_UPDATED, app.tenantId, key, Map.of("changes", changed), true);
        return key;
    }

    private static void secretOnly(ApiKey key, String field, String why) {
        if (key.type != KeyType.SECRET) {
            throw ApiException.invalidRequest(field + ": secret keys only (" + why + ")");
        }
    }

    /** A restricted key's scopes, each of which the application must declare; null stays null (all scopes). */
    private static List<String> knownScopes(Application app, List<String> scopes) {
        if (scopes == null) {
            return null;
        }
        for (String scope : scopes) {
            if (!app.scopes.contains(scope)) {
                throw ApiException.invalidRequest("scopes: each must be one of the application's scopes");
            }
        }
        return List.copyOf(new LinkedHashSet<>(scopes));
    }

    /** Stops a key now (ending any grace period early). Publishable keys are public and are not revoked. */
    public ApiKey revoke(Application app, UUID keyId) {
        ApiKey key = keys.lockInApplication(app.id, keyId).orElseThrow(() -> ApiException.notFound("Key"));
        if (key.type == KeyType.PUBLISHABLE) {
            throw ApiException.invalidRequest("Publishable keys are public by design and cannot be revoked");
        }
        Instant now = Timestamps.now();
        if (!key.isRevokedAt(now)) {
            key.revokedAt = now;
            audit.record("key.revoke", app.tenantId, app.id, "key:" + key.id);
            outbox.keyEvent(EventType.KEY_REVOKED, app.tenantId, key, Map.of(), true);
        } else {
            // published again on a repeat (with no second event), so a client that retries a
            // revocation makes sure every instance has heard of it before its answer
            outbox.invalidateKey(app.tenantId, key);
        }
        return key;
    }

    private String persistPrimary(UUID applicationId, Environment environment, KeyType type, Permissions permissions) {
        KeyMinter.Minted minted = minter.mint(applicationId, environment, type, DEFAULT_NAME, permissions);
        minted.key().primary = true;
        keys.persist(minted.key());
        return minted.value();
    }
}
