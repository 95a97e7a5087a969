package dev.latchkey.realtime;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event as every instance receives it: where it belongs (application and environment), what
 * decides who may see it (a collection and its document's owner, or a topic), and the
 * {@code data} line subscribers get, as JSON text.
 */
public record RealtimeEvent(long id, UUID applicationId, String environment, String name, String collection,
        UUID owner, List<String> topic, String data) {

    static final String CHANGE = "change";
    static final String MESSAGE = "message";

    /**
     * What a notification carries after the event's id, on one line: short keys, since a
     * notification holds 8000 bytes. The event's data follows on the next line as written, never
     * parsed again (a number stays exactly as the data API answers it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record Envelope(UUID a, String e, String n, String c, UUID o, String t) {
    }

    /** {@code data} of a change event: {@code document} is absent for a delete. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    record ChangeData(String collection, String op, UUID id, @JsonRawValue String document) {
    }

    /** {@code data} of a topic message. */
    @RegisterForReflection
    record MessageData(String topic, @JsonRawValue String payload) {
    }

    /** The event of a notification's text after its id: the envelope's line, then the data. */
    static RealtimeEvent of(long id, String text, ObjectMapper json) throws JsonProcessingException {
        int newline = text.indexOf('\n');
        JsonNode envelope = json.readTree(text.substring(0, newline));
        String topic = text(envelope, "t");
        String owner = text(envelope, "o");
        return new RealtimeEvent(id, UUID.fromString(envelope.get("a").textValue()), envelope.get("e").textValue(),
                envelope.get("n").textValue(), text(envelope, "c"), owner == null ? null : UUID.fromString(owner),
                topic == null ? null : List.of(topic.split("/", -1)), text.substring(newline + 1));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.textValue();
    }
}
