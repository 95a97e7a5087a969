package dev.latchkey.data.query;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.latchkey.http.ApiException;

/**
 * JSON as a query parameter carries it: small (a request line holds at most 4 KiB anyway), shallow,
 * strict (no key given twice, nothing after the value), and holding only what jsonb can
 * ({@link #requireStorable}).
 */
public final class QueryJson {

    static final int MAX_CHARS = 2048;
    static final int MAX_DEPTH = 8;

    private static final ObjectMapper MAPPER = strictMapper(MAX_DEPTH);

    private QueryJson() {
    }

    /** A mapper refusing keys given twice and anything after the value, nested at most {@code maxDepth} deep. */
    public static ObjectMapper strictMapper(int maxDepth) {
        return JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                        .build())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    static JsonNode read(String text, String parameter) {
        return read(text, parameter, MAX_CHARS);
    }

    static JsonNode read(String text, String parameter, int maxChars) {
        if (text.length() > maxChars) {
            throw ApiException.invalidRequest(parameter + ": at most " + maxChars + " characters");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw ApiException.invalidRequest(parameter + ": nested at most " + MAX_DEPTH + " levels deep, numbers at most 1,000 digits");
        } catch (IOException e) {
            throw ApiException.invalidRequest(parameter + ": malformed JSON (or a key given twice)");
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.invalidRequest(parameter + ": malformed JSON");
        }
        try {
            requireStorable(tree);
        } catch (ApiException e) {
            throw ApiException.invalidRequest(parameter + ": " + e.body().message());
        }
        return tree;
    }

    /** What jsonb cannot hold: the NUL character and infinite numbers (1e999 parses as one). */
    public static void requireStorable(JsonNode node) {
        if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            throw ApiException.invalidRequest("strings may not contain the NUL character (\\u0000)");
        }
        if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            throw ApiException.invalidRequest("numbers must be finite");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().indexOf('\0') >= 0) {
                throw ApiException.invalidRequest("field names may not contain the NUL character (\\u0000)");
            }
            requireStorable(field.getValue());
        }
        if (node.isArray()) {
            node.forEach(QueryJson::requireStorable);
        }
    }
}
