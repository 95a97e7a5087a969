package dev.latchkey.enduser;

import java.util.List;
import java.util.UUID;

import dev.latchkey.application.ExternalIssuer;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.external.ExternalTokens;
import dev.latchkey.http.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;

/**
 * Bring your own auth (CONTRACT section 14): a JWT of one of the application's external issuers
 * becomes a Latchkey sign-in of the user linked to (issuer, user id), created at its first
 * exchange. An existing account with the token's e-mail is joined only when the issuer says the
 * e-mail is verified (else 409): an unverified claim must not take over someone's account.
 */
@ApplicationScoped
public class ExternalSignIns {

    /** RFC 8176 has no value for a token from another issuer; this is the one Latchkey's tokens carry. */
    static final String METHOD = "external";

    @Inject
    ExternalTokens tokens;

    @Inject
    EndUserRepository users;

    @Inject
    EndUserService accounts;

    @Inject
    SignIns signIns;

    @Inject
    EntityManager entityManager;

    /** A sign-in by exchange, and whether it created the user (201). */
    record Exchanged(SignInAnswer answer, boolean created) {
    }

    Exchanged exchange(VerifiedKey key, String token, SignIns.Client client) {
        SignIns.requireMethod(key, METHOD);
        ExternalTokens.Identity identity = tokens.verify(token, ExternalIssuer.parse(storedIssuers(key.applicationId())));
        boolean[] created = {false};
        EndUser user;
        try {
            user = QuarkusTransaction.requiringNew().call(() -> linkedUser(key, identity, created));
        } catch (PersistenceException e) {
            if (!EndUserService.isUniqueViolation(e)) {
                throw e;
            }
            // a racing first exchange of the same identity (or e-mail) created it: this one signs in to it
            created[0] = false;
            user = QuarkusTransaction.requiringNew().call(() -> linkedUser(key, identity, created));
        }
        SignIns.requireEnabled(user);
        return new Exchanged(signIns.complete(key, user, List.of(METHOD), client), created[0]);
    }

    private EndUser linkedUser(VerifiedKey key, ExternalTokens.Identity identity, boolean[] created) {
        List<?> linked = entityManager.createNativeQuery("""
                select user_id from end_user_identity
                where application_id = ?1 and environment = ?2 and issuer = ?3 and subject = ?4""")
                .setParameter(1, key.applicationId()).setParameter(2, key.environment().name())
                .setParameter(3, identity.issuer()).setParameter(4, identity.subject()).getResultList();
        if (!linked.isEmpty()) {
            return users.findById((UUID) linked.getFirst());
        }
        String email = EndUserService.emailOrNull(identity.email());
        EndUser user = email == null ? null : users.findByEmail(key.applicationId(), key.environment(), email).orElse(null);
        if (user != null && !identity.emailVerified()) {
            throw ApiException.conflict("An account with this e-mail exists, and the issuer does not say the e-mail is verified:"
                    + " the identity is not linked to it");
        }
        if (user == null) {
            user = accounts.newUser(key, email);
            user.emailVerified = email != null && identity.emailVerified();
            created[0] = true;
        }
        entityManager.createNativeQuery("""
                insert into end_user_identity (application_id, environment, issuer, subject, user_id, provider, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, now())""")
                .setParameter(1, key.applicationId()).setParameter(2, key.environment().name()).setParameter(3, identity.issuer())
                .setParameter(4, identity.subject()).setParameter(5, user.id).setParameter(6, METHOD).executeUpdate();
        return user;
    }

    private String storedIssuers(UUID applicationId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("select external_issuers::text from application where id = ?1")
                .setParameter(1, applicationId).getSingleResult());
    }
}
