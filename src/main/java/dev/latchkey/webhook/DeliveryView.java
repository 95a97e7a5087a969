package dev.latchkey.webhook;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One event's delivery to a webhook, as the deliveries listing shows it. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DeliveryView(UUID id, UUID eventId, String type, int attempt, String status, Integer responseStatus,
        Instant nextAttemptAt, Instant deliveredAt) {

    static DeliveryView of(WebhookDelivery delivery) {
        return new DeliveryView(delivery.id, delivery.eventId, delivery.eventType, delivery.attempt, delivery.status,
                delivery.responseStatus, delivery.nextAttemptAt, delivery.deliveredAt);
    }
}
