package dev.latchkey.data;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Page;
import dev.latchkey.common.Timestamps;
import dev.latchkey.data.index.DeclaredIndexes;
import dev.latchkey.http.ApiException;
import dev.latchkey.quota.StorageQuotas;
import dev.latchkey.quota.StorageQuotas.Quota;
import dev.latchkey.key.Environment;
import dev.latchkey.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Collection settings; every change is audited, and applies on every instance before it is answered ({@link CollectionRules}). */
@ApplicationScoped
@Transactional
public class CollectionSettingsService {

    @Inject
    StorageQuotas quotas;

    @Inject
    CollectionRepository collections;

    @Inject
    AuditLog audit;

    @Inject
    Outbox outbox;

    @Inject
    DeclaredIndexes indexes;

    public Page<CollectionRow> list(UUID applicationId, List<Environment> environments, int limit, String after) {
        List<CollectionRow> rows = collections.listAfter(applicationId, environments,
                after == null ? null : CollectionRow.ofCursor(after), Page.lookahead(limit))
                .stream().map(collection -> CollectionRow.of(collection,
                        indexes.views(applicationId, Set.of(collection.id.environment()), collection.id.name()))).toList();
        return Page.of(rows, limit, CollectionRow::cursor);
    }

    public CollectionView update(String tenantId, UUID applicationId, List<Environment> environments,
            String name, CollectionSettings settings) {
        if (settings == null || settings.rlsEnabled() == null || settings.readAccess() == null) {
            throw ApiException.invalidRequest("rls_enabled (true or false) and read_access (public or owner) are both required");
        }
        List<List<String>> declared = settings.indexes() == null ? null : DeclaredIndexes.checked(settings.indexes());
        for (Environment environment : environments) {
            DataScope scope = DataScope.of(applicationId, environment, name);
            if (collections.ensure(scope)) {
                quotas.check(applicationId, environment, Quota.COLLECTIONS);
            }
            DataCollection collection = collections.findForUpdate(scope);
            collection.rlsEnabled = settings.rlsEnabled();
            collection.readAccess = settings.readAccess();
            collection.updatedAt = Timestamps.now();
            indexes.replace(applicationId, environment, name,
                    declared != null ? declared : indexes.declared(applicationId, environment, name), settings.readAccess() == ReadAccess.OWNER);
        }
        audit.record("collection.update", tenantId, applicationId, "collection:" + name);
        // every instance drops what it remembers of the application's collections before the answer
        outbox.applicationEvent(null, tenantId, applicationId, null, List.of());
        return new CollectionView(name, environments, settings.rlsEnabled(), settings.readAccess(),
                indexes.views(applicationId, Set.copyOf(environments), name));
    }
}
