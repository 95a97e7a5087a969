package dev.latchkey.enduser.passkey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/** The passkeys end users registered: at most {@value #MAX_PER_USER} each, named by the user, found by credential id. */
@ApplicationScoped
public class Passkeys {

    static final int MAX_PER_USER = 10;

    @Inject
    EntityManager entityManager;

    /** A passkey as its owner sees it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PasskeyView(UUID id, String name, Instant createdAt, Instant lastUsedAt) {
    }

    /** A passkey as a sign-in checks it. */
    public record Stored(UUID id, UUID userId, byte[] credentialId, String rpId, byte[] credentialData, long signCount,
            boolean backupEligible, boolean backupState) {
    }

    /** What a verified registration stores. */
    public record Registered(byte[] credentialId, String rpId, byte[] credentialData, long signCount, boolean backupEligible,
            boolean backupState) {
    }

    /** Stores a verified passkey; 409 when the user has the maximum, or when the credential is registered already. */
    @Transactional
    public PasskeyView add(UUID userId, UUID applicationId, Environment environment, Registered passkey, String name) {
        // the user's row is locked so that racing registrations count each other
        entityManager.createNativeQuery("select id from end_user where id = ?1 for update").setParameter(1, userId).getResultList();
        if (count(userId) >= MAX_PER_USER) {
            throw ApiException.conflict("A user has at most " + MAX_PER_USER + " passkeys: remove one first");
        }
        UUID id = UUID.randomUUID();
        Instant now = Timestamps.now();
        int inserted = entityManager.createNativeQuery("""
                insert into end_user_passkey (id, user_id, application_id, environment, credential_id, rp_id, credential_data,
                    sign_count, backup_eligible, backup_state, name, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                on conflict (application_id, environment, credential_id) do nothing""")
                .setParameter(1, id).setParameter(2, userId).setParameter(3, applicationId).setParameter(4, environment.name())
                .setParameter(5, passkey.credentialId()).setParameter(6, passkey.rpId()).setParameter(7, passkey.credentialData())
                .setParameter(8, passkey.signCount()).setParameter(9, passkey.backupEligible()).setParameter(10, passkey.backupState())
                .setParameter(11, name).setParameter(12, now).executeUpdate();
        if (inserted == 0) {
            throw ApiException.conflict("This passkey is registered already");
        }
        return new PasskeyView(id, name, now, null);
    }

    /** The passkey with this credential id in the application's environment, or null. */
    public Stored find(UUID applicationId, Environment environment, byte[] credentialId) {
        List<?> rows = entityManager.createNativeQuery("""
                select id, user_id, rp_id, credential_data, sign_count, backup_eligible, backup_state from end_user_passkey
                where application_id = ?1 and environment = ?2 and credential_id = ?3""")
                .setParameter(1, applicationId).setParameter(2, environment.name()).setParameter(3, credentialId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] row = (Object[]) rows.get(0);
        return new Stored((UUID) row[0], (UUID) row[1], credentialId, (String) row[2], (byte[]) row[3], ((Number) row[4]).longValue(),
                (Boolean) row[5], (Boolean) row[6]);
    }

    /**
     * Records a sign-in's signature counter, unless another sign-in moved it since it was read: two
     * answers racing with one counter value are one too many (a cloned authenticator). Authenticators
     * without a counter (synced passkeys send 0) can't be told from a clone.
     */
    @Transactional
    public boolean recordUse(Stored passkey, long signCount, boolean backupState) {
        return entityManager.createNativeQuery("""
                update end_user_passkey set sign_count = ?2, backup_state = ?3, last_used_at = now()
                where id = ?1 and sign_count = ?4""")
                .setParameter(1, passkey.id()).setParameter(2, signCount).setParameter(3, backupState)
                .setParameter(4, passkey.signCount()).executeUpdate() == 1;
    }

    public List<PasskeyView> list(UUID userId) {
        List<?> rows = entityManager.createNativeQuery(
                "select id, name, created_at, last_used_at from end_user_passkey where user_id = ?1 order by created_at, id")
                .setParameter(1, userId).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new PasskeyView((UUID) row[0], (String) row[1], Timestamps.ofColumn(row[2]), Timestamps.ofColumn(row[3])))
                .toList();
    }

    public int count(UUID userId) {
        return ((Number) entityManager.createNativeQuery("select count(*) from end_user_passkey where user_id = ?1")
                .setParameter(1, userId).getSingleResult()).intValue();
    }

    /** The user's credential ids, which a registration excludes (one passkey per authenticator). */
    public List<byte[]> credentialIds(UUID userId) {
        return entityManager.createNativeQuery("select credential_id from end_user_passkey where user_id = ?1")
                .setParameter(1, userId).getResultList().stream().map(byte[].class::cast).toList();
    }

    @Transactional
    public boolean remove(UUID userId, UUID id) {
        return entityManager.createNativeQuery("delete from end_user_passkey where id = ?1 and user_id = ?2")
                .setParameter(1, id).setParameter(2, userId).executeUpdate() == 1;
    }
}
