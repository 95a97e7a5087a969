package dev.latchkey.enduser;

import java.util.List;
import java.util.UUID;

import dev.latchkey.enduser.social.ProvenIdentity;
import dev.latchkey.http.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Which user an identity proven elsewhere (an external token, a social provider) is
 * (CONTRACT section 14): the one linked to (issuer, subject), else one made at its first sign-in.
 * An existing account with the identity's e-mail is joined only when both the provider and the
 * account have verified it (else 409), and an address the provider did not verify is not kept:
 * neither an unverified claim nor an account made in advance can take over someone else's.
 */
@ApplicationScoped
public class Identities {

    @Inject
    EndUserRepository users;

    @Inject
    EndUserService accounts;

    @Inject
    EntityManager entityManager;

    /** The linked user, and whether this sign-in created it. */
    record Linked(EndUser user, boolean created) {
    }

    Linked link(EndUserService.Partition partition, ProvenIdentity proven) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> linkOrCreate(partition, proven));
        } catch (PersistenceException e) {
            if (!EndUserService.isUniqueViolation(e)) {
                throw e;
            }
            // a racing first sign-in of the same identity (or e-mail) created it: this one signs in to it
            Linked linked = QuarkusTransaction.requiringNew().call(() -> linkOrCreate(partition, proven));
            return new Linked(linked.user(), false);
        }
    }

    private Linked linkOrCreate(EndUserService.Partition partition, ProvenIdentity proven) {
        List<?> linked = entityManager.createNativeQuery("""
                select user_id from end_user_identity
                where application_id = ?1 and environment = ?2 and issuer = ?3 and subject = ?4""")
                .setParameter(1, partition.applicationId()).setParameter(2, partition.environment().name())
                .setParameter(3, proven.issuer()).setParameter(4, proven.subject()).getResultList();
        if (!linked.isEmpty()) {
            return new Linked(users.findById((UUID) linked.getFirst()), false);
        }
        String email = EndUserService.emailOrNull(proven.email());
        EndUser user = email == null ? null : users.findByEmail(partition.applicationId(), partition.environment(), email).orElse(null);
        boolean created = false;
        if (user != null && !(proven.emailVerified() && user.emailVerified)) {
            throw ApiException.conflict("An account with this e-mail exists, and it or the provider has not verified the e-mail:"
                    + " the identity is not linked to it");
        }
        if (user == null) {
            user = accounts.newUser(partition, proven.emailVerified() ? email : null);
            user.emailVerified = user.email != null;
            created = true;
        }
        entityManager.createNativeQuery("""
                insert into end_user_identity (application_id, environment, issuer, subject, user_id, provider, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, now())""")
                .setParameter(1, partition.applicationId()).setParameter(2, partition.environment().name()).setParameter(3, proven.issuer())
                .setParameter(4, proven.subject()).setParameter(5, user.id).setParameter(6, proven.provider()).executeUpdate();
        return new Linked(user, created);
    }
}
