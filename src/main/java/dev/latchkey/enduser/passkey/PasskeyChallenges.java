package dev.latchkey.enduser.passkey;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import dev.latchkey.common.SecureRandoms;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The challenges of passkey ceremonies under way, in PostgreSQL so that any instance can finish
 * one: random, alive 5 minutes, found by the value the browser signed into its clientDataJSON
 * and deleted by the first answer that names it, right or wrong.
 */
@ApplicationScoped
public class PasskeyChallenges {

    static final int LIFETIME_SECONDS = 300;
    static final int CHALLENGE_BYTES = 32;

    @Inject
    EntityManager entityManager;

    /** A spent challenge: the ceremony it was opened for and, for a registration, the user registering. */
    public record Spent(WebAuthnChecks.Ceremony ceremony, UUID userId) {
    }

    /** A new challenge for a ceremony from this origin; {@code userId} for a registration, null for a sign-in. */
    @Transactional
    public byte[] open(UUID applicationId, Environment environment, UUID userId, String origin) {
        byte[] challenge = new byte[CHALLENGE_BYTES];
        SecureRandoms.get().nextBytes(challenge);
        entityManager.createNativeQuery("""
                insert into passkey_challenge (challenge, application_id, environment, user_id, origin, expires_at)
                values (?1, ?2, ?3, ?4, ?5, now() + make_interval(secs => ?6))""")
                .setParameter(1, challenge).setParameter(2, applicationId).setParameter(3, environment.name())
                .setParameter(4, userId).setParameter(5, origin).setParameter(6, LIFETIME_SECONDS).executeUpdate();
        return challenge;
    }

    /**
     * Spends the live challenge of this application and kind (a registration when {@code registration}),
     * so that it answers once; 401 {@code invalid_token} when there is none.
     */
    @Transactional
    public Spent spend(byte[] challenge, UUID applicationId, Environment environment, boolean registration) {
        List<?> rows = entityManager.createNativeQuery("""
                delete from passkey_challenge where challenge = ?1 and application_id = ?2 and environment = ?3
                and expires_at > now() and (user_id is not null) = ?4 returning origin, user_id""")
                .setParameter(1, challenge).setParameter(2, applicationId).setParameter(3, environment.name())
                .setParameter(4, registration).getResultList();
        if (rows.isEmpty()) {
            throw new ApiException(401, "invalid_token", "The passkey challenge is unknown, expired or spent: ask for new options", null);
        }
        Object[] row = (Object[]) rows.get(0);
        String origin = (String) row[0];
        return new Spent(new WebAuthnChecks.Ceremony(origin, relyingParty(origin), challenge), (UUID) row[1]);
    }

    /** The relying party of a page: its origin's host (CONTRACT section 14). */
    public static String relyingParty(String origin) {
        return URI.create(origin).getHost();
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetExpired() {
        entityManager.createNativeQuery("delete from passkey_challenge where expires_at < now()").executeUpdate();
    }
}
