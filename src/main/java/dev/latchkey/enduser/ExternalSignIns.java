package dev.latchkey.enduser;

import java.util.List;
import java.util.UUID;

import dev.latchkey.application.ExternalIssuer;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.enduser.external.ExternalTokens;
import dev.latchkey.enduser.social.ProvenIdentity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Bring your own auth (CONTRACT section 14): a JWT of one of the application's external issuers
 * becomes a Latchkey sign-in of the user linked to (issuer, user id), created at its first
 * exchange ({@link Identities}).
 */
@ApplicationScoped
public class ExternalSignIns {

    /** RFC 8176 has no value for a token from another issuer; this is the one Latchkey's tokens carry. */
    static final String METHOD = "external";

    @Inject
    ExternalTokens tokens;

    @Inject
    Identities identities;

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
        Identities.Linked linked = identities.link(EndUserService.Partition.of(key), new ProvenIdentity(METHOD, identity.issuer(), identity.subject(),
                identity.email(), identity.emailVerified()));
        SignIns.requireEnabled(linked.user());
        return new Exchanged(signIns.complete(key, linked.user(), List.of(METHOD), client), linked.created());
    }

    private String storedIssuers(UUID applicationId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) entityManager
                .createNativeQuery("select external_issuers::text from application where id = ?1")
                .setParameter(1, applicationId).getSingleResult());
    }
}
