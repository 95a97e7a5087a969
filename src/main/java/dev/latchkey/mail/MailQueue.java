package dev.latchkey.mail;

import java.util.UUID;

import dev.latchkey.key.Environment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Where a request that mails something leaves it: one row, in the request's transaction, before
 * the answer. Asking for a mail costs the same whether or not an account exists: the sender finds
 * that out later, so no answer and no timing tells.
 */
@ApplicationScoped
public class MailQueue {

    @Inject
    EntityManager entityManager;

    @Transactional
    public void enqueue(UUID applicationId, Environment environment, String email, MailPurpose purpose, String redirectTo,
            boolean createUser) {
        entityManager.createNativeQuery("""
                insert into mail_queue (id, application_id, environment, email, purpose, redirect_to, create_user,
                                        created_at, next_attempt_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, now(), now())""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, applicationId).setParameter(3, environment.name())
                .setParameter(4, email).setParameter(5, purpose.wire()).setParameter(6, redirectTo)
                .setParameter(7, createUser).executeUpdate();
    }
}
