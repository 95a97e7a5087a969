package dev.latchkey.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A webhook as answers show it; {@code secret} only in the answer that created it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(UUID id, String url, List<String> events, @JsonInclude(JsonInclude.Include.ALWAYS) String description,
        String secret, Instant createdAt) {

    static WebhookView of(Webhook webhook, String secret) {
        return new WebhookView(webhook.id, webhook.url, webhook.events, webhook.description, secret, webhook.createdAt);
    }
}
