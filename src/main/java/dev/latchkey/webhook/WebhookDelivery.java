package dev.latchkey.webhook;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One event's delivery to one webhook (read here; written by the outbox and {@link WebhookDeliverer}). */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    @Id
    public UUID id;

    @Column(name = "webhook_id")
    public UUID webhookId;

    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "event_type")
    public String eventType;

    public int attempt;

    public String status;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
