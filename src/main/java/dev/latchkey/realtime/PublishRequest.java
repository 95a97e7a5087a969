package dev.latchkey.realtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.data.query.QueryJson;
import dev.latchkey.http.ApiException;

/** {@code {topic, payload}}: a topic without wildcards and any JSON of at most 32 KiB, read strictly. */
record PublishRequest(String topic, List<String> levels, String payload) {

    static final int MAX_PAYLOAD_BYTES = 32 * 1024;
    private static final int MAX_DEPTH = 32;
    private static final ObjectMapper STRICT = QueryJson.strictMapper(MAX_DEPTH);

    static PublishRequest parse(byte[] body) {
        JsonNode tree;
        try {
            tree = body == null || body.length == 0 ? null : STRICT.readTree(body);
        } catch (StreamConstraintsException e) {
            throw ApiException.invalidRequest("The body is nested more than " + MAX_DEPTH + " levels deep, or has a number of more than 1,000 digits");
        } catch (IOException e) {
            throw ApiException.invalidRequest("The body is not valid JSON (or gives a key twice)");
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.invalidRequest("The body must be a JSON object {topic, payload}");
        }
        for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"topic".equals(name) && !"payload".equals(name)) {
                throw ApiException.invalidRequest("Unknown field " + name + ": the body is {topic, payload}");
            }
        }
        JsonNode topic = tree.get("topic");
        JsonNode payload = tree.get("payload");
        if (topic == null || !topic.isTextual()) {
            throw ApiException.invalidRequest("topic: required, a string such as rooms/42");
        }
        if (payload == null) {
            throw ApiException.invalidRequest("payload: required, any JSON value");
        }
        QueryJson.requireStorable(payload);
        String rendered = payload.toString();
        if (rendered.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw ApiException.invalidRequest("payload: at most 32 KiB as JSON");
        }
        return new PublishRequest(topic.textValue(), Topics.topic(topic.textValue(), "topic"), rendered);
    }
}
