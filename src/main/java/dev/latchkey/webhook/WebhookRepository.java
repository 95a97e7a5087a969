package dev.latchkey.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    public List<Webhook> listForApplication(UUID applicationId) {
        return list("applicationId", Sort.by("createdAt").and("id"), applicationId);
    }

    public long countForApplication(UUID applicationId) {
        return count("applicationId", applicationId);
    }

    public Optional<Webhook> findInApplication(UUID applicationId, UUID id) {
        return find("id = ?1 and applicationId = ?2", id, applicationId).firstResultOptional();
    }

    /** The webhook, its row locked until the transaction ends (a rotation reads, then replaces, its secrets). */
    public Optional<Webhook> lockInApplication(UUID applicationId, UUID id) {
        return find("id = ?1 and applicationId = ?2", id, applicationId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** A webhook's deliveries, newest first, after the one a previous page ended with. */
    public List<WebhookDelivery> deliveries(UUID webhookId, WebhookDelivery after, int limit) {
        var query = after == null
                ? getEntityManager().createQuery("from WebhookDelivery where webhookId = :webhook order by createdAt desc, id desc",
                        WebhookDelivery.class)
                : getEntityManager().createQuery("""
                        from WebhookDelivery where webhookId = :webhook
                        and (createdAt < :at or (createdAt = :at and id < :id)) order by createdAt desc, id desc""", WebhookDelivery.class)
                        .setParameter("at", after.createdAt).setParameter("id", after.id);
        return query.setParameter("webhook", webhookId).setMaxResults(limit).getResultList();
    }

    public Optional<WebhookDelivery> delivery(UUID webhookId, UUID id) {
        return getEntityManager().createQuery("from WebhookDelivery where id = :id and webhookId = :webhook", WebhookDelivery.class)
                .setParameter("id", id).setParameter("webhook", webhookId).getResultStream().findFirst();
    }
}
