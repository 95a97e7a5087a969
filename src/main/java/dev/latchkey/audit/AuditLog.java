package dev.latchkey.audit;

import java.util.List;
import java.util.UUID;

import dev.latchkey.admin.AdminCaller;
import dev.latchkey.common.Timestamps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Writes audit entries inside the transaction of the action they record: both land or neither. */
@ApplicationScoped
public class AuditLog {

    @Inject
    AuditRepository entries;

    @Inject
    AdminCaller caller;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String tenantId, UUID applicationId, String target) {
        record(action, tenantId, applicationId, target, null);
    }

    /** With the names of the fields the action changed (never their values: a field may hold a secret). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String action, String tenantId, UUID applicationId, String target, List<String> changes) {
        recordAs(caller.actor(), action, tenantId, applicationId, target, changes);
    }

    /** By an actor that is not the signed-in admin, such as {@code leak-report}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAs(String actor, String action, String tenantId, UUID applicationId, String target, List<String> changes) {
        AuditEntry entry = new AuditEntry();
        entry.tenantId = tenantId;
        entry.applicationId = applicationId;
        entry.at = Timestamps.now();
        entry.actor = actor;
        entry.action = action;
        entry.target = target;
        entry.ip = caller.ip();
        entry.changes = changes == null ? null : List.copyOf(changes);
        entries.persist(entry);
    }
}
