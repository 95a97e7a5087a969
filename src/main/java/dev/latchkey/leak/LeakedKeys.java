package dev.latchkey.leak;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
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
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

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
     * Revokes each valid secret key among those reported, in two steps so that no row lock is held
     * while a budget asks Redis: first each reported value is looked up (no lock, no transaction),
     * with a {@code payer} (a client address; null for GitHub's signed reports) as a key check to
     * the lookup budgets, so an unknown key spends a permit of the address's and of the cluster's
     * budget, like a failed key check; then, in one transaction, every key found is locked in the
     * order of its id (no deadlock with another report) and revoked if it is still valid.
     */
    public Outcome revoke(List<Reported> reported, String source, String payer) {
        Map<String, UUID> found = new HashMap<>();
        Map<UUID, String> urls = new HashMap<>();
        ApiException refused = null;
        for (Reported report : reported) {
            String value = report.value().trim();
            if (found.containsKey(value)) {
                continue;
            }
            try {
                Optional<UUID> id = lookUp(value, payer);
                if (id.isPresent()) {
                    found.put(value, id.get());
                    urls.putIfAbsent(id.get(), report.url());
                }
            } catch (ApiException e) {
                if (e.status() != 429) {
                    throw e;
                }
                refused = e; // the keys looked up so far are still revoked below
                break;
            }
        }
        Set<UUID> revoked = found.isEmpty() ? Set.of()
                : QuarkusTransaction.requiringNew().call(() -> revokeValid(new TreeSet<>(found.values()), urls, source));
        return new Outcome(reported.stream().map(report -> {
            UUID id = found.get(report.value().trim());
            return id != null && revoked.contains(id);
        }).toList(), refused);
    }

    /** The id of the secret key this value is, if any. */
    private Optional<UUID> lookUp(String value, String payer) {
        ApiKeyFormat.ParsedKey parsed = ApiKeyFormat.parse(value);
        if (parsed == null || parsed.type() != KeyType.SECRET) {
            return Optional.empty();
        }
        Supplier<Optional<UUID>> lookup = () -> hasher.candidates(value).stream()
                .map(candidate -> keys.idByHash(candidate.hash(), candidate.version())).flatMap(Optional::stream).findFirst();
        return payer == null ? lookup.get()
                : budget.perAddress(payer, () -> budget.cluster(lookup, Optional::isPresent), Optional::isPresent);
    }

    /** In one transaction: each key locked in id order and revoked unless already revoked or expired; the ids revoked now. */
    private Set<UUID> revokeValid(SortedSet<UUID> ids, Map<UUID, String> urls, String source) {
        Set<UUID> revoked = new HashSet<>();
        Instant now = Timestamps.now();
        for (UUID id : ids) {
            ApiKey key = keys.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (key == null || key.isRevokedAt(now) || (key.expiresAt != null && !key.expiresAt.isAfter(now))) {
                continue;
            }
            Application app = applications.findById(key.applicationId);
            key.revokedAt = now;
            audit.recordAs(ACTOR, "key.revoke", app.tenantId, app.id, "key:" + key.id, List.of("leaked"));
            Map<String, Object> data = new HashMap<>(Map.of("source", source, "revoked", true));
            if (urls.get(id) != null) {
                data.put("url", urls.get(id));
            }
            outbox.keyEvent(EventType.KEY_LEAKED, app.tenantId, key, data, true);
            outbox.keyEvent(EventType.KEY_REVOKED, app.tenantId, key, Map.of("reason", "leaked"), false);
            revoked.add(id);
        }
        return revoked;
    }
}
