package dev.latchkey.leak;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationRepository;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Timestamps;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.ApiKeyRepository;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Revokes secret keys that someone saw in public: each that is still valid stops at once on every
 * instance (the outbox's invalidation, waited for before the answer like any revocation), with an
 * audit entry by {@value #ACTOR} and a {@code key.leaked} event naming the source. Publishable keys
 * are public by design and ignored; unknown, revoked and expired keys change nothing.
 */
@ApplicationScoped
public class LeakedKeys {

    /** Who the audit log says revoked a leaked key, whoever reported it. */
    static final String ACTOR = "leak-report";

    @Inject
    ApiKeyRepository keys;

    @Inject
    ApplicationRepository applications;

    @Inject
    KeyHasher hasher;

    @Inject
    AuditLog audit;

    @Inject
    Outbox outbox;

    /** A key someone saw, and where (null: not said). */
    public record Reported(String value, String url) {
    }

    /** Revokes each valid secret key among those reported; answers, in order, which were valid (true positives). */
    @Transactional
    public List<Boolean> revoke(List<Reported> reported, String source) {
        return reported.stream().map(report -> revokeOne(report.value().trim(), source, report.url())).toList();
    }

    private boolean revokeOne(String value, String source, String url) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(value);
        if (parsed == null || parsed.type() != KeyType.SECRET) {
            return false;
        }
        Optional<ApiKey> found = hasher.candidates(value).stream()
                .map(candidate -> keys.findByHash(candidate.hash()).filter(key -> key.hashVersion == candidate.version()))
                .flatMap(Optional::stream).findFirst();
        var now = Timestamps.now();
        if (found.isEmpty() || found.get().isRevokedAt(now) || (found.get().expiresAt != null && !found.get().expiresAt.isAfter(now))) {
            return false;
        }
        ApiKey key = found.get();
        Application app = applications.findById(key.applicationId);
        key.revokedAt = now;
        audit.recordAs(ACTOR, "key.revoke", app.tenantId, app.id, "key:" + key.id, List.of("leaked"));
        Map<String, Object> data = new HashMap<>(Map.of("source", source, "revoked", true));
        if (url != null) {
            data.put("url", url);
        }
        outbox.keyEvent(EventType.KEY_LEAKED, app.tenantId, key, data, true);
        outbox.keyEvent(EventType.KEY_REVOKED, app.tenantId, key, Map.of("reason", "leaked"), false);
        return true;
    }
}
