package dev.latchkey.enduser.session;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * End-user sessions in PostgreSQL (CONTRACT section 13). A session lives 30 days from sign-in and
 * at most 7 days without a refresh; each refresh spends its token and hands out the next. Ending a
 * session commits before the call that ends it answers, and every user-token request of every
 * instance reads the session ({@link #active}, or {@link #liveSessionCondition} in the statement
 * that reads the user's data), so no instance accepts it afterwards.
 */
@ApplicationScoped
public class Sessions {

    static final String LIFETIME = "interval '30 days'";
    static final String IDLE = "interval '7 days'";
    private static final String LIVE = "s.ended_at is null and s.expires_at > now() and s.last_used_at > now() - " + IDLE;

    @Inject
    EntityManager entityManager;

    @Inject
    RefreshTokens refreshTokens;

    @ConfigProperty(name = "latchkey.end-user.refresh-reuse-seconds", defaultValue = "10")
    int reuseSeconds;

    public record Started(UUID sessionId, String refreshToken) {
    }

    /** What a refresh leads to: the session, its user, the methods it was opened with and its next token. */
    public record Refreshed(UUID sessionId, UUID userId, List<String> methods, String refreshToken) {
    }

    public record Listed(UUID id, Instant createdAt, Instant lastUsedAt, String ip, String userAgent) {
    }

    /** Opens a session for a user who has just signed in; call within the sign-in's transaction or alone. */
    public Started start(UUID userId, List<String> methods, String ip, String userAgent) {
        UUID id = UUID.randomUUID();
        String token = refreshTokens.first();
        QuarkusTransaction.joiningExisting().run(() -> {
            entityManager.createNativeQuery("""
                    insert into end_user_session (id, user_id, methods, ip, user_agent, created_at, last_used_at, expires_at)
                    values (?1, ?2, ?3, ?4, ?5, now(), now(), now() + %s)""".formatted(LIFETIME))
                    .setParameter(1, id).setParameter(2, userId).setParameter(3, String.join(" ", methods))
                    .setParameter(4, ip).setParameter(5, truncate(userAgent, 512)).executeUpdate();
            issue(id, token);
        });
        return new Started(id, token);
    }

    /**
     * Spends {@code token} and answers the session's next one. The session row is locked, so two
     * refreshes with one token are served one after the other: the second finds it spent and, within
     * the reuse window, gets the same successor. Any other spent token ends the session.
     */
    public Refreshed refresh(String token, UUID applicationId, String environment) {
        if (!RefreshTokens.wellFormed(token)) {
            throw invalid();
        }
        String successor = refreshTokens.successorOf(token);
        Object[] outcome = QuarkusTransaction.requiringNew().call(() -> {
            List<?> rows = entityManager.createNativeQuery("""
                    select s.id, s.user_id, s.methods, (%s and not u.disabled)
                    from end_user_refresh_token t
                    join end_user_session s on s.id = t.session_id
                    join end_user u on u.id = s.user_id
                    where t.hash = ?1 and u.application_id = ?2 and u.environment = ?3
                    for update of s""".formatted(LIVE))
                    .setParameter(1, RefreshTokens.hash(token)).setParameter(2, applicationId)
                    .setParameter(3, environment).getResultList();
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = (Object[]) rows.get(0);
            UUID sessionId = (UUID) row[0];
            if (!(Boolean) row[3]) {
                end(sessionId);
                return null;
            }
            // the token's state is read after the lock (a new statement sees what a refresh before us committed)
            int spentNow = entityManager.createNativeQuery(
                    "update end_user_refresh_token set spent_at = now() where hash = ?1 and spent_at is null")
                    .setParameter(1, RefreshTokens.hash(token)).executeUpdate();
            if (spentNow == 1) {
                issue(sessionId, successor);
            } else if (!spentWithinReuse(token) || !isCurrent(sessionId, successor)) {
                // a spent token replayed: whoever holds it is not the client that spent it
                end(sessionId);
                return null;
            }
            entityManager.createNativeQuery("update end_user_session set last_used_at = now() where id = ?1")
                    .setParameter(1, sessionId).executeUpdate();
            return row;
        });
        if (outcome == null) {
            throw invalid();
        }
        return new Refreshed((UUID) outcome[0], (UUID) outcome[1], List.of(((String) outcome[2]).split(" ")), successor);
    }

    /** Of these sessions, those still live with their user enabled: one query for every open realtime stream of an instance. */
    public Set<UUID> liveAmong(Collection<UUID> sessionIds) {
        List<?> live = entityManager.createNativeQuery("""
                select s.id from end_user_session s join end_user u on u.id = s.user_id
                where s.id = any(?1) and not u.disabled and %s""".formatted(LIVE), UUID.class)
                .setParameter(1, sessionIds.toArray(UUID[]::new)).getResultList();
        Set<UUID> found = new HashSet<>();
        live.forEach(id -> found.add((UUID) id));
        return found;
    }

    /** Whether the session is live and its user neither disabled nor deleted: read on user-token requests. */
    public boolean active(UUID sessionId, UUID userId) {
        return !entityManager.createNativeQuery(liveSessionOf("?1", "?2"))
                .setParameter(1, sessionId).setParameter(2, userId).getResultList().isEmpty();
    }

    /**
     * SQL true while a session is {@link #active}, its two JDBC parameters the session's id and
     * then its user's: for a statement that reads the user's data only while their session is live,
     * so that the data and the session are read at one moment, in one round trip.
     */
    public static String liveSessionCondition() {
        return "exists (" + liveSessionOf("?::uuid", "?::uuid") + ")";
    }

    private static String liveSessionOf(String sessionId, String userId) {
        return "select 1 from end_user_session s join end_user u on u.id = s.user_id where s.id = " + sessionId
                + " and s.user_id = " + userId + " and not u.disabled and " + LIVE;
    }

    /**
     * Ends a live session to hand its sign-in over to another (a hosted page's to the application's
     * page): its methods, or null when it had ended, so that a session is handed over once.
     */
    public List<String> handOver(UUID sessionId) {
        List<?> rows = QuarkusTransaction.joiningExisting().call(() -> entityManager.createNativeQuery(
                "update end_user_session set ended_at = now() where id = ?1 and ended_at is null returning methods")
                .setParameter(1, sessionId).getResultList());
        return rows.isEmpty() ? null : List.of(((String) rows.getFirst()).split(" "));
    }

    public void end(UUID sessionId) {
        QuarkusTransaction.joiningExisting().run(() -> entityManager.createNativeQuery(
                "update end_user_session set ended_at = now() where id = ?1 and ended_at is null")
                .setParameter(1, sessionId).executeUpdate());
    }

    /** Ends every session of the user but {@code keep} (null: all of them). */
    public void endAll(UUID userId, UUID keep) {
        QuarkusTransaction.joiningExisting().run(() -> entityManager.createNativeQuery("""
                update end_user_session set ended_at = now()
                where user_id = ?1 and ended_at is null and id is distinct from ?2""")
                .setParameter(1, userId).setParameter(2, keep).executeUpdate());
    }

    /** The user's live sessions, newest first. */
    public List<Listed> list(UUID userId) {
        List<?> rows = entityManager.createNativeQuery("""
                select s.id, s.created_at, s.last_used_at, s.ip, s.user_agent from end_user_session s
                where s.user_id = ?1 and %s order by s.created_at desc, s.id limit 100""".formatted(LIVE))
                .setParameter(1, userId).getResultList();
        return rows.stream().map(Object[].class::cast)
                .map(row -> new Listed((UUID) row[0], Timestamps.ofColumn(row[1]), Timestamps.ofColumn(row[2]), (String) row[3], (String) row[4]))
                .toList();
    }


    private boolean spentWithinReuse(String token) {
        return !entityManager.createNativeQuery("""
                select 1 from end_user_refresh_token where hash = ?1 and spent_at > now() - make_interval(secs => ?2)""")
                .setParameter(1, RefreshTokens.hash(token)).setParameter(2, reuseSeconds).getResultList().isEmpty();
    }

    private boolean isCurrent(UUID sessionId, String successor) {
        return !entityManager.createNativeQuery(
                "select 1 from end_user_refresh_token where hash = ?1 and session_id = ?2 and spent_at is null")
                .setParameter(1, RefreshTokens.hash(successor)).setParameter(2, sessionId).getResultList().isEmpty();
    }

    private void issue(UUID sessionId, String token) {
        entityManager.createNativeQuery("insert into end_user_refresh_token (hash, session_id, issued_at) values (?1, ?2, now())")
                .setParameter(1, RefreshTokens.hash(token)).setParameter(2, sessionId).executeUpdate();
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static ApiException invalid() {
        return new ApiException(401, "invalid_token", "The refresh token is not valid, expired or spent", null);
    }
}
