package dev.latchkey.realtime;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.common.Timestamps;
import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.enduser.UserTokens;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.SecretSeal;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Stream tickets (CONTRACT section 17): what lets {@code EventSource}, which cannot send headers,
 * open a stream with the credentials of the request that asked for the ticket. Single use, 60
 * seconds, kept only as a hash, the key sealed; redeeming deletes the row, so two redemptions
 * racing on two instances get it once.
 */
@ApplicationScoped
public class Tickets {

    static final String PREFIX = "rtt_";
    private static final String SEAL_PURPOSE = "latchkey realtime tickets v1";
    private static final Pattern SHAPE = Pattern.compile("rtt_[A-Za-z0-9_-]{43}");
    static final int LIFETIME_SECONDS = 60;

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;

    /** What a ticket stands for: the key as it was presented, and the signed-in user if there was one. */
    record Redeemed(String key, UUID user, UUID session, Instant tokenExpiresAt, boolean passedMfa) {
    }

    /** A ticket for the presented key (and user, or null). */
    String issue(String presentedKey, VerifiedKey key, UserTokens.SignedIn user) {
        String ticket = SecureRandoms.token(PREFIX);
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                insert into realtime_ticket (hash, application_id, environment, sealed_key, user_id, session_id,
                                             user_token_expires_at, user_passed_mfa, expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, now() + make_interval(secs => ?8))""")
                .setParameter(1, Digests.sha256(ticket)).setParameter(2, key.applicationId())
                .setParameter(3, key.environment().name()).setParameter(4, seal.seal(SEAL_PURPOSE, presentedKey))
                .setParameter(5, user == null ? null : user.userId()).setParameter(6, user == null ? null : user.sessionId())
                .setParameter(7, user == null ? null : user.expiresAt()).setParameter(8, LIFETIME_SECONDS)
                .setParameter(9, user != null && user.passedMfa()).executeUpdate());
        return ticket;
    }

    /** Spends a ticket; 401 {@code invalid_token} when it is unknown, used or expired. */
    Redeemed redeem(String ticket) {
        if (ticket == null || !SHAPE.matcher(ticket).matches()) {
            throw invalid();
        }
        List<?> rows = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                delete from realtime_ticket where hash = ?1
                returning sealed_key, user_id, session_id, user_token_expires_at, expires_at > now(), user_passed_mfa""")
                .setParameter(1, Digests.sha256(ticket)).getResultList());
        if (rows.isEmpty() || !Boolean.TRUE.equals(((Object[]) rows.getFirst())[4])) {
            throw invalid();
        }
        Object[] row = (Object[]) rows.getFirst();
        return new Redeemed(seal.open(SEAL_PURPOSE, (String) row[0]), (UUID) row[1], (UUID) row[2], Timestamps.ofColumn(row[3]),
                (Boolean) row[5]);
    }

    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void forgetExpired() {
        QuarkusTransaction.requiringNew().run(() ->
                entityManager.createNativeQuery("delete from realtime_ticket where expires_at < now()").executeUpdate());
    }


    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "The ticket is unknown, used or expired: ask for a new one", null);
    }
}
