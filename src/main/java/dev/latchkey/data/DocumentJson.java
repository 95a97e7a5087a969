package dev.latchkey.data;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.UUID;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.data.query.FieldSelection;
import dev.latchkey.data.query.QueryJson;
import dev.latchkey.http.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Document bodies in and out. In: a JSON object of at most 256 KiB, nested at most 32 deep,
 * without duplicate keys, NUL characters or non-finite numbers (PostgreSQL's jsonb refuses
 * those), and without top-level fields starting with {@code _}, which the service owns.
 * Out: the stored text with the system fields put in front, without parsing it again.
 */
final class DocumentJson {

    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_DEPTH = 32;
    static final String RESERVED_PREFIX = "_";

    private static final ObjectMapper MAPPER = QueryJson.strictMapper(MAX_DEPTH);

    private DocumentJson() {
    }

    /** A request body checked and normalized, as the JSON text to store. */
    static String parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalidRequest("the request body must be a JSON object");
        }
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        JsonNode document;
        try {
            document = MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw ApiException.invalidRequest("documents may be nested at most " + MAX_DEPTH + " levels deep");
        } catch (IOException e) {
            throw ApiException.invalidRequest("malformed JSON (or a key given twice)");
        }
        if (document == null || !document.isObject()) {
            throw ApiException.invalidRequest("a document must be a JSON object");
        }
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith(RESERVED_PREFIX)) {
                throw ApiException.invalidRequest("field '" + safe(name) + "': fields starting with _ are set by the service "
                        + "(_id, _owner, _created_at, _updated_at); leave them out of writes");
            }
        }
        QueryJson.requireStorable(document);
        return document.toString();
    }

    /** RFC 7396 merge of a checked patch onto a stored document, by Jakarta JSON Processing. */
    static String merge(String stored, String patch) {
        JsonValue merged = Json.createMergePatch(read(patch)).apply(read(stored));
        String text = merged.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw tooLarge();
        }
        return text;
    }

    /** The document as answered: system fields first, then the stored fields. */
    static String render(Document document) {
        StringBuilder json = new StringBuilder(document.body.length() + SYSTEM_FIELDS_CHARS);
        appendRendered(json, document.id, document.ownerId, document.createdAt, document.updatedAt, document.body, null);
        return json.toString();
    }

    /** Room for the system fields of one rendered document. */
    static final int SYSTEM_FIELDS_CHARS = 200;

    /**
     * Appends a document as answered to {@code json}, with only {@code selection}'s system fields
     * (the body was cut to its fields when read); all of them when null. The stored body's members
     * are copied straight from it: a page is rendered into one builder, without a string per document.
     */
    static void appendRendered(StringBuilder json, UUID id, UUID ownerId, Instant createdAt, Instant updatedAt, String body,
            FieldSelection selection) {
        json.append("{\"_id\":\"").append(id).append('"');
        if (shows(selection, "_owner")) {
            json.append(",\"_owner\":");
            if (ownerId == null) {
                json.append("null");
            } else {
                json.append('"').append(ownerId).append('"');
            }
        }
        if (shows(selection, "_created_at")) {
            json.append(",\"_created_at\":\"").append(createdAt).append('"');
        }
        if (shows(selection, "_updated_at")) {
            json.append(",\"_updated_at\":\"").append(updatedAt).append('"');
        }
        // the stored body is a JSON object by the table's check: its members follow ours
        int start = body.indexOf('{') + 1;
        int end = body.lastIndexOf('}');
        while (start < end && Character.isWhitespace(body.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(body.charAt(end - 1))) {
            end--;
        }
        if (start < end) {
            json.append(',').append(body, start, end);
        }
        json.append('}');
    }

    private static boolean shows(FieldSelection selection, String systemField) {
        return selection == null || selection.system().contains(systemField);
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "invalid_request", "documents may be at most " + MAX_BYTES / 1024 + " KiB", null);
    }

    /** A field name for an error message: bounded, and printable characters only. */
    private static String safe(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
        return shown.replaceAll("[^\\p{Alnum}_.-]", "?");
    }
}
