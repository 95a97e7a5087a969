package dev.latchkey.audit;

import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AuditRepository implements PanacheRepository<AuditEntry> {

    /** An application's entries in the order they happened, after the entry with id {@code afterId}. */
    public List<AuditEntry> page(UUID applicationId, long afterId, int limit) {
        return find("applicationId = ?1 and id > ?2", Sort.by("id"), applicationId, afterId)
                .page(0, limit).list();
    }
}
