package dev.latchkey.enduser.manage;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.application.ApplicationAccess;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Page;
import dev.latchkey.enduser.EndUser;
import dev.latchkey.enduser.EndUserRepository;
import dev.latchkey.enduser.UserEvents;
import dev.latchkey.enduser.mfa.TotpFactors;
import dev.latchkey.enduser.session.Sessions;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The admin's side of end users. Each write commits its sessions' end with it, before the answer:
 * every instance reads the session on each user-token request, so none accepts the user's tokens
 * afterwards.
 */
@ApplicationScoped
public class UserDirectory {

    @Inject
    EndUserRepository users;

    @Inject
    Sessions sessions;

    @Inject
    AuditLog audit;

    @Inject
    UserEvents events;

    @Inject
    EntityManager entityManager;

    @Inject
    TotpFactors factors;

    /** The application and the one environment a listing looks at. */
    public record Partition(ApplicationAccess.Reach reach, Environment environment) {
    }

    Page<ManagedUserView> list(Partition partition, String emailPrefix, int limit, UUID after) {
        StringBuilder query = new StringBuilder("applicationId = :app and environment = :env");
        Map<String, Object> parameters = new java.util.HashMap<>(
                Map.of("app", partition.reach().applicationId(), "env", partition.environment()));
        if (emailPrefix != null && !emailPrefix.isEmpty()) {
            query.append(" and email like :prefix escape '\\'");
            parameters.put("prefix", emailPrefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (after != null) {
            query.append(" and id > :after");
            parameters.put("after", after);
        }
        List<EndUser> rows = users.find(query + " order by id", parameters).page(0, Page.lookahead(limit)).list();
        return Page.of(rows, limit, user -> user.id.toString()).map(shown -> {
            List<UUID> ids = shown.stream().map(user -> user.id).toList();
            Set<UUID> withFactor = factors.confirmedAmong(ids);
            Map<UUID, String> external = externalIds(ids);
            return shown.stream().map(user -> ManagedUserView.of(user, withFactor.contains(user.id), external.get(user.id))).toList();
        });
    }

    ManagedUserView view(EndUser user) {
        return ManagedUserView.of(user, factors.confirmed(user.id), externalIds(List.of(user.id)).get(user.id));
    }

    /** The user id each external issuer gave these users (the first linked, if several). */
    private Map<UUID, String> externalIds(List<UUID> userIds) {
        List<?> rows = entityManager.createNativeQuery("""
                select distinct on (user_id) user_id, subject from end_user_identity
                where user_id = any(?1) and provider = 'external' order by user_id, created_at""")
                .setParameter(1, userIds.toArray(UUID[]::new)).getResultList();
        Map<UUID, String> ids = new java.util.HashMap<>();
        rows.forEach(row -> ids.put((UUID) ((Object[]) row)[0], (String) ((Object[]) row)[1]));
        return ids;
    }

    EndUser require(ApplicationAccess.Reach reach, UUID userId) {
        EndUser user = users.findById(userId);
        if (user == null || !user.applicationId.equals(reach.applicationId()) || !reach.environments().contains(user.environment)) {
            throw ApiException.notFound("User");
        }
        return user;
    }

    @Transactional
    EndUser setDisabled(ApplicationAccess.Reach reach, UUID userId, boolean disabled) {
        EndUser user = require(reach, userId);
        users.getEntityManager().lock(user, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (user.disabled != disabled) {
            user.disabled = disabled;
            if (disabled) {
                sessions.endAll(user.id, null);
            }
            audit.record(disabled ? "user.disable" : "user.enable", reach.tenantId(), reach.applicationId(),
                    "user:" + user.id, List.of("disabled"));
            events.updated(reach.tenantId(), user, List.of("disabled"));
        }
        return user;
    }

    @Transactional
    void delete(ApplicationAccess.Reach reach, UUID userId, boolean withDocuments) {
        EndUser user = require(reach, userId);
        if (withDocuments) {
            entityManager.createNativeQuery(
                    "delete from document where application_id = ?1 and environment = ?2 and owner_id = ?3")
                    .setParameter(1, user.applicationId).setParameter(2, user.environment.name()).setParameter(3, user.id)
                    .executeUpdate();
        }
        // sessions, refresh tokens and the user's links go with it (the database cascades); so do links to its address
        entityManager.createNativeQuery("delete from end_user_link where application_id = ?1 and environment = ?2 and email = ?3")
                .setParameter(1, user.applicationId).setParameter(2, user.environment.name()).setParameter(3, user.email)
                .executeUpdate();
        users.delete(user);
        audit.record("user.delete", reach.tenantId(), reach.applicationId(), "user:" + user.id,
                withDocuments ? List.of("documents") : null);
        events.deleted(reach.tenantId(), user, withDocuments);
    }

    @Transactional
    void signOut(ApplicationAccess.Reach reach, UUID userId) {
        EndUser user = require(reach, userId);
        sessions.endAll(user.id, null);
        audit.record("user.sign_out", reach.tenantId(), reach.applicationId(), "user:" + user.id, null);
    }
}
