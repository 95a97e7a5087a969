package dev.latchkey.leak;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationRepository;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.ApiKey;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.ApiKeyRepository;
import dev.latchkey.key.KeyHasher;
import dev.latchkey.key.KeyType;
import dev.latchkey.outbox.EventType;
import dev.latchkey.outbox.Outbox;
import dev.latchkey.ratelimit.LookupBudget;
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

    @Inject
    LookupBudget budget;

    /** A key someone saw, and where (null: not said). */
    public record Reported(String value, String url) {
    }

    /**
     * Which reported keys were valid (true positives), in the order reported; {@code refused}: the
     * payer's lookup budget ran out, the keys from there on were not looked up (429 after commit).
     */
    public record Outcome(List<Boolean> valid, ApiException refused) {
    }

    /**
     * Revokes each valid secret key among those reported. Each key's row is locked before it is
     * read; keys are taken in the order of their values, so two reports naming the same keys lock
     * them in the same order (no deadlock). With a {@code payer} (a client address; null for
     * GitHub's signed reports), each lookup is a key check to the lookup budgets: an unknown key
     * spends a permit of the address's and of the cluster's budget, like a failed key check.
     */
    @Transactional
    public Outcome revoke(List<Reported> reported, String source, String payer) {
        Map<String, Boolean> valid = new HashMap<>();
        ApiException refused = null;
        for (Reported report : reported.stream().sorted(Comparator.comparing(report -> report.value().trim())).toList()) {
            String value = report.value().trim();
            try {
                valid.merge(value, revokeOne(value, source, report.url(), payer), Boolean::logicalOr);
            } catch (ApiException e) {
                if (e.status() != 429) {
                    throw e;
                }
                refused = e;
                break;
            }
        }
        return new Outcome(reported.stream().map(report -> valid.getOrDefault(report.value().trim(), false)).toList(), refused);
    }

    private boolean revokeOne(String value, String source, String url, String payer) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(value);
        if (parsed == null || parsed.type() != KeyType.SECRET) {
            return false;
        }
        Supplier<Optional<ApiKey>> lookup = () -> hasher.candidates(value).stream()
                .map(candidate -> keys.lockByHash(candidate.hash()).filter(key -> key.hashVersion == candidate.version()))
                .flatMap(Optional::stream).findFirst();
        Optional<ApiKey> found = payer == null ? lookup.get()
                : budget.perAddress(payer, () -> budget.cluster(lookup, Optional::isPresent), Optional::isPresent);
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
