package dev.latchkey.client;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The verify answer: whether the key is valid, the code that says why, and what the key is; {@code answer} holds every field. */
public record Verdict(boolean valid, String code, String keyId, String type, String environment, String applicationId, List<String> scopes,
        JsonNode answer) {

    static Verdict of(JsonNode answer) {
        List<String> scopes = new ArrayList<>();
        answer.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return new Verdict(answer.path("valid").asBoolean(), answer.path("code").asText(), text(answer, "key_id"), text(answer, "type"),
                text(answer, "environment"), text(answer, "application_id"), List.copyOf(scopes), answer);
    }

    private static String text(JsonNode answer, String field) {
        return answer.hasNonNull(field) ? answer.get(field).asText() : null;
    }
}
