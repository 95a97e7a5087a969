package dev.latchkey.enduser.mfa;

import java.util.List;
import java.util.UUID;

import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * What a first-factor sign-in hands out instead of a session when a second factor is due: an
 * opaque {@code mfa_} token, stored as its SHA-256, bound to the application and environment,
 * alive 5 minutes and for 5 codes. Each code tried takes an attempt in one conditional update
 * before it is judged, so racing requests cannot try more than 5 between them.
 */
@ApplicationScoped
public class MfaChallenges {

    static final String PREFIX = "mfa_";
    static final int MAX_ATTEMPTS = 5;
    static final int LIFETIME_SECONDS = 300;

    @Inject
    EntityManager entityManager;

    /** A live challenge: whose it is, the first factor's methods, and whether it may enrol a factor. */
    public record Challenge(byte[] hash, UUID userId, List<String> methods, boolean enroll) {
    }

    @Transactional
    public String create(UUID userId, UUID applicationId, Environment environment, List<String> methods, boolean enroll) {
        String token = SecureRandoms.token(PREFIX);
        entityManager.createNativeQuery("""
                insert into end_user_mfa_challenge (hash, user_id, application_id, environment, methods, enroll, expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, now() + make_interval(secs => ?7))""")
                .setParameter(1, Digests.sha256(token)).setParameter(2, userId).setParameter(3, applicationId)
                .setParameter(4, environment.name()).setParameter(5, String.join(" ", methods)).setParameter(6, enroll)
                .setParameter(7, LIFETIME_SECONDS).executeUpdate();
        return token;
    }

    /** The live challenge, without taking an attempt (enrolment shows a secret, it judges no code); 401 otherwise. */
    public Challenge require(String token, UUID applicationId, Environment environment) {
        return find(token, applicationId, environment, false);
    }

    /** The live challenge, having taken one of its attempts for a code about to be judged; 401 otherwise. */
    @Transactional
    public Challenge attempt(String token, UUID applicationId, Environment environment) {
        return find(token, applicationId, environment, true);
    }

    /** Gives back the attempt a right code took (a confirmed enrolment goes on to its sign-in). */
    @Transactional
    public void refund(Challenge challenge) {
        entityManager.createNativeQuery("update end_user_mfa_challenge set attempts = attempts - 1 where hash = ?1 and attempts > 0")
                .setParameter(1, challenge.hash()).executeUpdate();
    }

    /** Spends the challenge for the session it completes; false when a racing request spent it first. */
    @Transactional
    public boolean spend(Challenge challenge) {
        return entityManager.createNativeQuery("delete from end_user_mfa_challenge where hash = ?1")
                .setParameter(1, challenge.hash()).executeUpdate() == 1;
    }

    private Challenge find(String token, UUID applicationId, Environment environment, boolean takeAttempt) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 100) {
            throw invalid();
        }
        String live = "hash = ?1 and application_id = ?2 and environment = ?3 and expires_at > now() and attempts < " + MAX_ATTEMPTS;
        String sql = takeAttempt
                ? "update end_user_mfa_challenge set attempts = attempts + 1 where " + live + " returning user_id, methods, enroll"
                : "select user_id, methods, enroll from end_user_mfa_challenge where " + live;
        byte[] hash = Digests.sha256(token);
        List<?> rows = entityManager.createNativeQuery(sql).setParameter(1, hash).setParameter(2, applicationId)
                .setParameter(3, environment.name()).getResultList();
        if (rows.isEmpty()) {
            throw invalid();
        }
        Object[] row = (Object[]) rows.get(0);
        return new Challenge(hash, (UUID) row[0], List.of(((String) row[1]).split(" ")), (Boolean) row[2]);
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void forgetExpired() {
        entityManager.createNativeQuery("delete from end_user_mfa_challenge where expires_at < now()").executeUpdate();
    }

    public static ApiException invalid() {
        return new ApiException(401, "invalid_token", "The MFA challenge is unknown, expired, spent, or has had too many wrong codes",
                null);
    }
}
