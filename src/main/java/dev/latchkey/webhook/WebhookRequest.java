package dev.latchkey.webhook;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST …/webhooks}: where to send, which event types, and a note for people. */
public record WebhookRequest(
        @NotBlank @Size(max = 2048) String url,
        @NotEmpty @Size(max = 20) List<@NotNull String> events,
        @Size(max = 500) String description) {
}
