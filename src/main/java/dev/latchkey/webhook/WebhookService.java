package dev.latchkey.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import dev.latchkey.application.Application;
import dev.latchkey.application.ApplicationRepository;
import dev.latchkey.audit.AuditLog;
import dev.latchkey.common.Ids;
import dev.latchkey.common.Page;
import dev.latchkey.common.Timestamps;
import dev.latchkey.http.ApiException;
import dev.latchkey.outbox.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** An application's webhooks: register (the secret shown once), list, delete, and their deliveries. */
@ApplicationScoped
@Transactional
public class WebhookService {

    @Inject
    WebhookRepository webhooks;

    static final int PREVIOUS_SECRET_HOURS = 24;

    @Inject
    WebhookTargets targets;

    @Inject
    WebhookSecrets secrets;

    @Inject
    WebhookConfig config;

    @Inject
    AuditLog audit;

    @Inject
    ApplicationRepository applications;

    /** Validated before the transaction begins: resolving the URL's name may take a while. */
    @Transactional(Transactional.TxType.NEVER)
    public WebhookView register(Application app, WebhookRequest request) {
        String url = targets.validate(request.url().trim());
        List<String> events = eventTypes(request.events());
        return store(app, url, events, request.description());
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    WebhookView store(Application app, String url, List<String> events, String description) {
        // registrations of one application wait for each other, so the count below stays true until the insert
        if (!applications.lock(app.id)) {
            throw ApiException.notFound("Application");
        }
        if (webhooks.countForApplication(app.id) >= config.maxPerApplication()) {
            throw ApiException.conflict("An application has at most " + config.maxPerApplication() + " webhooks; delete one first");
        }
        String secret = secrets.generate();
        Webhook webhook = new Webhook();
        webhook.id = UUID.randomUUID();
        webhook.applicationId = app.id;
        webhook.url = url;
        webhook.events = events;
        webhook.description = description == null || description.isBlank() ? null : description.trim();
        webhook.secretSealed = secrets.seal(secret);
        webhook.createdAt = Timestamps.now();
        webhooks.persist(webhook);
        audit.record("webhook.create", app.tenantId, app.id, "webhook:" + webhook.id);
        return WebhookView.of(webhook, secret);
    }

    public List<WebhookView> list(Application app) {
        return webhooks.listForApplication(app.id).stream().map(webhook -> WebhookView.of(webhook, null)).toList();
    }

    /**
     * A new signing secret, shown this once; the previous one keeps signing beside it for
     * {@value #PREVIOUS_SECRET_HOURS} hours (Standard Webhooks' multiple signatures), so receivers
     * switch over without a delivery failing. A second rotation within that time drops the oldest.
     */
    public RotatedSecret rotateSecret(Application app, String webhookId) {
        Webhook webhook = webhooks.lockInApplication(app.id, Ids.parse(webhookId, "Webhook"))
                .orElseThrow(() -> ApiException.notFound("Webhook"));
        String secret = secrets.generate();
        webhook.previousSecretSealed = webhook.secretSealed;
        webhook.previousSecretExpiresAt = Timestamps.now().plus(Duration.ofHours(PREVIOUS_SECRET_HOURS));
        webhook.secretSealed = secrets.seal(secret);
        audit.record("webhook.rotate_secret", app.tenantId, app.id, "webhook:" + webhook.id);
        return new RotatedSecret(webhook.id, secret, webhook.previousSecretExpiresAt);
    }

    /** A rotation's answer: the new secret, and until when the previous one still signs. */
    public record RotatedSecret(UUID id, String secret, Instant previousSecretExpiresAt) {
    }

    public void delete(Application app, String webhookId) {
        Webhook webhook = require(app, webhookId);
        webhooks.delete(webhook);
        audit.record("webhook.delete", app.tenantId, app.id, "webhook:" + webhook.id);
    }

    public Page<DeliveryView> deliveries(Application app, String webhookId, int limit, String after) {
        Webhook webhook = require(app, webhookId);
        WebhookDelivery cursor = after == null ? null
                : webhooks.delivery(webhook.id, cursorId(after))
                        .orElseThrow(() -> ApiException.invalidRequest("after must be a cursor from a previous page's next"));
        return Page.of(webhooks.deliveries(webhook.id, cursor, Page.lookahead(limit)), limit, delivery -> delivery.id.toString())
                .map(rows -> rows.stream().map(DeliveryView::of).toList());
    }

    private static UUID cursorId(String after) {
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("after must be a cursor from a previous page's next");
        }
    }

    private Webhook require(Application app, String webhookId) {
        return webhooks.findInApplication(app.id, Ids.parse(webhookId, "Webhook"))
                .orElseThrow(() -> ApiException.notFound("Webhook"));
    }

    private static List<String> eventTypes(List<String> requested) {
        for (String type : requested) {
            if (EventType.ofWire(type) == null) {
                throw ApiException.invalidRequest("events: each must be one of " + EventType.wireNames());
            }
        }
        return List.copyOf(new LinkedHashSet<>(requested));
    }
}
