package dev.latchkey.enduser;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.caller.VerifiedKey;
import dev.latchkey.common.Digests;
import dev.latchkey.common.SecureRandoms;
import dev.latchkey.http.ApiException;
import dev.latchkey.mail.MailLinks;
import dev.latchkey.mail.MailPurpose;
import dev.latchkey.mail.QueuedMail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/**
 * Mailed links' tokens: {@code lt_} and 256 random bits, stored only as SHA-256, bound to one
 * application, environment and purpose, single-use and expiring (CONTRACT section 13).
 */
@ApplicationScoped
public class LinkTokens implements MailLinks {

    private static final String PREFIX = "lt_";
    private static final Pattern SHAPE = Pattern.compile("lt_[A-Za-z0-9_-]{43}");

    @Inject
    EndUserRepository users;

    @Inject
    EntityManager entityManager;

    /** A link spent: the user it names (null: a magic link for an address with no account yet) and its e-mail. */
    record Spent(UUID userId, String email) {
    }

    @Override
    public Optional<String> issue(QueuedMail mail) {
        EndUser user = users.findByEmail(mail.applicationId(), mail.environment(), mail.email()).orElse(null);
        boolean mayCreate = mail.purpose() == MailPurpose.MAGIC_LINK && mail.createUser();
        if (user == null ? !mayCreate : user.disabled || (mail.purpose() == MailPurpose.VERIFY && user.emailVerified)) {
            return Optional.empty();
        }
        String token = SecureRandoms.token(PREFIX);
        entityManager.createNativeQuery("""
                insert into end_user_link (hash, application_id, environment, user_id, email, purpose, created_at, expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, now(), now() + make_interval(secs => ?7))""")
                .setParameter(1, Digests.sha256(token)).setParameter(2, mail.applicationId())
                .setParameter(3, mail.environment().name()).setParameter(4, user == null ? null : user.id)
                .setParameter(5, mail.email()).setParameter(6, mail.purpose().wire())
                .setParameter(7, (double) mail.purpose().lifetime().toSeconds()).executeUpdate();
        return Optional.of(token);
    }

    /** Spends a link of this key's application and environment, in the caller's transaction; 401 when unknown, used or expired. */
    Spent spend(VerifiedKey key, String token, MailPurpose purpose) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            throw invalid();
        }
        List<?> rows = entityManager.createNativeQuery("""
                update end_user_link set used_at = now()
                where hash = ?1 and application_id = ?2 and environment = ?3 and purpose = ?4
                  and used_at is null and expires_at > now()
                returning user_id, email""")
                .setParameter(1, Digests.sha256(token)).setParameter(2, key.applicationId())
                .setParameter(3, key.environment().name()).setParameter(4, purpose.wire()).getResultList();
        if (rows.isEmpty()) {
            throw invalid();
        }
        Object[] row = (Object[]) rows.get(0);
        return new Spent((UUID) row[0], (String) row[1]);
    }

    /** One answer for an unknown, used or expired link. */
    static ApiException invalid() {
        return new ApiException(401, "invalid_token", "The link is not valid, already used or expired", null);
    }
}
