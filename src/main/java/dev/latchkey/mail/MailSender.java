package dev.latchkey.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.latchkey.key.Environment;
import dev.latchkey.key.SecretSeal;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

/**
 * Sends the queue, on every instance at once: a round claims due rows (locked, skipping those
 * another instance holds, then leased for {@link #CLAIM_SECONDS}), makes each one's link the first
 * time (its token sealed in the row, so a retry mails the same link), commits, and only then
 * talks SMTP, outside any transaction. A sent row loses its token; a failed one is retried after
 * the next delay. An instance that dies mid-send leaves a claim that runs out: the mail goes out
 * again (at least once).
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class);
    static final String SEAL_PURPOSE = "latchkey mail link tokens v1";
    private static final int CLAIM_SECONDS = 120;
    private static final int BATCH = 20;

    @Inject
    EntityManager entityManager;

    @Inject
    MailLinks links;

    @Inject
    SecretSeal seal;

    @Inject
    Mailer mailer;

    @Inject
    MailConfig config;

    @Inject
    MailRendering rendering;

    /** A claimed mail with its token and what the message needs of its application. */
    record Claimed(QueuedMail mail, String token, int attempts, MailRendering.Sender sender) {
    }

    @Scheduled(every = "${latchkey.mail.poll-interval:1s}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            List<Claimed> claimed;
            do {
                claimed = QuarkusTransaction.requiringNew().call(this::claim);
                claimed.forEach(this::send);
            } while (claimed.size() == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("A mail round failed (%s); the next round tries again", e.getClass().getSimpleName());
        }
    }

    private List<Claimed> claim() {
        List<?> rows = entityManager.createNativeQuery("""
                select q.id, q.application_id, q.environment, q.email, q.purpose, q.redirect_to, q.create_user,
                       q.token_sealed, q.attempts, q.created_at < now() - make_interval(secs => ?1),
                       a.name, a.logo_url, a.primary_color, a.redirect_urls[1]
                from mail_queue q join application a on a.id = q.application_id
                where q.sent_at is null and q.dropped is null and q.next_attempt_at <= now()
                order by q.next_attempt_at limit ?2 for update of q skip locked""")
                .setParameter(1, (double) config.giveUpAfter().toSeconds()).setParameter(2, BATCH).getResultList();
        List<Claimed> claimed = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            QueuedMail mail = new QueuedMail((UUID) r[0], (UUID) r[1], Environment.valueOf((String) r[2]), (String) r[3],
                    MailPurpose.ofWire((String) r[4]), (String) r[5], (Boolean) r[6]);
            if ((Boolean) r[9]) {
                drop(mail.id(), "undeliverable");
                continue;
            }
            String token = r[7] == null ? links.issue(mail).orElse(null) : seal.open(SEAL_PURPOSE, (String) r[7]);
            if (token == null) {
                drop(mail.id(), "no_recipient");
                continue;
            }
            entityManager.createNativeQuery("""
                    update mail_queue set token_sealed = ?2, next_attempt_at = now() + make_interval(secs => ?3) where id = ?1""")
                    .setParameter(1, mail.id()).setParameter(2, seal.seal(SEAL_PURPOSE, token))
                    .setParameter(3, (double) CLAIM_SECONDS).executeUpdate();
            String link = mail.redirectTo() != null ? mail.redirectTo() : (String) r[13];
            claimed.add(new Claimed(mail, token, ((Number) r[8]).intValue(),
                    new MailRendering.Sender((String) r[10], (String) r[11], (String) r[12], link)));
        }
        return claimed;
    }

    private void send(Claimed claimed) {
        QueuedMail mail = claimed.mail();
        try {
            MailRendering.Rendered message = rendering.render(mail.purpose(), claimed.sender(), claimed.token());
            mailer.send(Mail.withHtml(mail.email(), message.subject(), message.html()).setText(message.text()));
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                    "update mail_queue set sent_at = now(), token_sealed = null, last_error = null where id = ?1")
                    .setParameter(1, mail.id()).executeUpdate());
        } catch (RuntimeException e) {
            int attempts = claimed.attempts() + 1;
            List<java.time.Duration> delays = config.retryDelays();
            long delay = delays.get(Math.min(attempts, delays.size()) - 1).toSeconds();
            LOG.warnf("A mail could not be sent (attempt %d, %s); retrying in %d s", attempts, e.getClass().getSimpleName(), delay);
            String error = e.getClass().getSimpleName();
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                    update mail_queue set attempts = ?2, next_attempt_at = now() + make_interval(secs => ?3), last_error = ?4
                    where id = ?1""")
                    .setParameter(1, mail.id()).setParameter(2, attempts).setParameter(3, (double) delay)
                    .setParameter(4, error).executeUpdate());
        }
    }

    private void drop(UUID id, String reason) {
        entityManager.createNativeQuery("update mail_queue set dropped = ?2, token_sealed = null where id = ?1")
                .setParameter(1, id).setParameter(2, reason).executeUpdate();
    }
}
