package dev.latchkey.enduser.mfa;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.http.ApiException;
import dev.latchkey.key.SecretSeal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * End users' TOTP factors. The secret is sealed at rest ({@link SecretSeal}); a factor counts
 * once a first code has confirmed it. Accepting a code moves the factor's last used step forward
 * in one conditional update, so a code, or an older one, is never accepted twice, also when two
 * requests race with it. Every code tried, with whichever challenge, first takes one of the
 * user's {@value #CODES_PER_WINDOW} per {@value #WINDOW_MINUTES} minutes, in the same way.
 */
@ApplicationScoped
public class TotpFactors {

    private static final String SEAL_PURPOSE = "latchkey end-user totp secrets v1";
    /** With three steps accepted, 96 windows a day give a password thief about 0.3% a day: 10 * 96 * 3 / 10^6. */
    static final int CODES_PER_WINDOW = 10;
    static final int WINDOW_MINUTES = 15;

    @Inject
    EntityManager entityManager;

    @Inject
    SecretSeal seal;

    @Inject
    RecoveryCodes recoveryCodes;

    /** What an authenticator app needs to start making codes: the secret, its URL, and that URL as a QR code (SVG). */
    public record Enrolment(String secret, String otpauthUrl, String qrCodeSvg) {
        @Override
        public String toString() {
            return "Enrolment[secret hidden]";
        }
    }

    /** A new secret in place of any unconfirmed one; 409 when the user already has a confirmed factor. */
    @Transactional
    public Enrolment enroll(UUID userId, String issuer, String account) {
        if (confirmed(userId)) {
            throw ApiException.conflict("This user already has a confirmed TOTP factor: remove it first");
        }
        String secret = Totp.newSecret();
        int stored = entityManager.createNativeQuery("""
                insert into end_user_totp (user_id, secret, created_at) values (?1, ?2, now())
                on conflict (user_id) do update set secret = excluded.secret, created_at = now(), last_used_step = 0
                where end_user_totp.confirmed_at is null""")
                .setParameter(1, userId).setParameter(2, seal.seal(SEAL_PURPOSE, secret)).executeUpdate();
        if (stored != 1) {
            // confirmed by a racing request since the check above
            throw ApiException.conflict("This user already has a confirmed TOTP factor: remove it first");
        }
        String url = Totp.otpauthUrl(issuer, account, secret);
        return new Enrolment(secret, url, QrCodes.svg(url));
    }

    /** Confirms the pending factor with a code from it: its recovery codes (shown once), or null for a wrong code. */
    @Transactional
    public List<String> confirm(UUID userId, String code) {
        List<?> rows = entityManager.createNativeQuery(
                "select secret, confirmed_at is not null from end_user_totp where user_id = ?1 for update")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            throw ApiException.invalidRequest("There is no TOTP factor to confirm: enroll first");
        }
        Object[] row = (Object[]) rows.get(0);
        if ((Boolean) row[1]) {
            throw ApiException.conflict("This user's TOTP factor is already confirmed");
        }
        long step = Totp.matchingStep(seal.open(SEAL_PURPOSE, (String) row[0]), code, Instant.now());
        if (step < 0) {
            return null;
        }
        entityManager.createNativeQuery("update end_user_totp set confirmed_at = now(), last_used_step = ?2 where user_id = ?1")
                .setParameter(1, userId).setParameter(2, step).executeUpdate();
        return recoveryCodes.replace(userId);
    }

    /** True when the code is the confirmed factor's, of a step after the last one accepted; that step is then spent. */
    @Transactional
    public boolean accept(UUID userId, String code) {
        List<?> rows = entityManager.createNativeQuery(
                "select secret from end_user_totp where user_id = ?1 and confirmed_at is not null")
                .setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        long step = Totp.matchingStep(seal.open(SEAL_PURPOSE, (String) rows.get(0)), code, Instant.now());
        return step >= 0 && entityManager.createNativeQuery(
                "update end_user_totp set last_used_step = ?2 where user_id = ?1 and last_used_step < ?2")
                .setParameter(1, userId).setParameter(2, step).executeUpdate() == 1;
    }

    /**
     * Takes one of the user's codes for this window before a code is judged; 429 when they are
     * spent. Committed on its own, so a wrong code cannot roll it back.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void takeCode(UUID userId) {
        String windowOver = "window_started < now() - make_interval(mins => ?2)";
        int taken = entityManager.createNativeQuery("""
                update end_user_totp set
                    window_codes = case when %1$s then 1 else window_codes + 1 end,
                    window_started = case when %1$s then now() else window_started end
                where user_id = ?1 and (%1$s or window_codes < ?3)""".formatted(windowOver))
                .setParameter(1, userId).setParameter(2, WINDOW_MINUTES).setParameter(3, CODES_PER_WINDOW).executeUpdate();
        if (taken == 0) {
            List<?> wait = entityManager.createNativeQuery("""
                    select ceil(extract(epoch from window_started + make_interval(mins => ?2) - now()))::bigint
                    from end_user_totp where user_id = ?1""").setParameter(1, userId).setParameter(2, WINDOW_MINUTES).getResultList();
            if (!wait.isEmpty()) {
                throw ApiException.rateLimited(((Number) wait.getFirst()).longValue(),
                        "Too many second-factor codes for this account: retry after the time in Retry-After");
            }
        }
    }

    /** Shaped like a TOTP code (six digits); anything else offered as a second factor is a recovery code. */
    public static boolean isTotpCode(String code) {
        return Totp.looksLikeCode(code);
    }

    public boolean confirmed(UUID userId) {
        return !confirmedAmong(List.of(userId)).isEmpty();
    }

    /** Which of these users have a confirmed factor (one query, for listings). */
    public Set<UUID> confirmedAmong(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Set.of();
        }
        List<?> rows = entityManager.createNativeQuery(
                "select user_id from end_user_totp where user_id = any(?1) and confirmed_at is not null")
                .setParameter(1, userIds.toArray(UUID[]::new)).getResultList();
        Set<UUID> found = new HashSet<>();
        rows.forEach(id -> found.add((UUID) id));
        return found;
    }

    /** Removes the factor and its recovery codes; false when there was none. */
    @Transactional
    public boolean remove(UUID userId) {
        recoveryCodes.removeAll(userId);
        return entityManager.createNativeQuery("delete from end_user_totp where user_id = ?1")
                .setParameter(1, userId).executeUpdate() == 1;
    }
}
