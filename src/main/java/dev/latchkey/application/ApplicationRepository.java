package dev.latchkey.application;

import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {

    /**
     * Locks the application's row until the transaction ends, so that changes of its keys that
     * read, then replace (rotation) run one after the other instead of colliding. False when it is gone.
     */
    public boolean lock(UUID id) {
        return find("id", id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().isPresent();
    }

    /** The tenant's applications in creation order; {@code tenantId} null lists every tenant's. */
    public List<Application> listForTenant(String tenantId, int limit) {
        Sort order = Sort.by("createdAt").and("id");
        var query = tenantId == null ? findAll(order) : find("tenantId", order, tenantId);
        return query.page(0, limit).list();
    }

    /** The page after {@code cursor}, in the same order as {@link #listForTenant}. */
    public List<Application> listForTenantAfter(String tenantId, Application cursor, int limit) {
        String after = "(createdAt > ?1 or (createdAt = ?1 and id > ?2))";
        Sort order = Sort.by("createdAt").and("id");
        var query = tenantId == null
                ? find(after, order, cursor.createdAt, cursor.id)
                : find(after + " and tenantId = ?3", order, cursor.createdAt, cursor.id, tenantId);
        return query.page(0, limit).list();
    }
}
