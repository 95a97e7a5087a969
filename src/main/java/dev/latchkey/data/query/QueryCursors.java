package dev.latchkey.data.query;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.common.Digests;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.KeyHasher;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Cursors of document queries: the last row's sort values and a digest of the query they belong
 * to, signed with a key derived from the hashing secret. A cursor from another query, or one
 * changed by hand, answers 400 before any of its values reaches SQL.
 */
@ApplicationScoped
public class QueryCursors {

    private static final String PURPOSE = "data-cursor.";
    private static final int MAC_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    @Inject
    KeyHasher hasher;

    /** {@code base64url(payload).base64url(mac)}. */
    String encode(String queryDigest, List<String> values) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("q", queryDigest);
        values.forEach(payload.putArray("v")::add);
        String body = ENCODER.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(Arrays.copyOf(hasher.hash(PURPOSE + body), MAC_BYTES));
    }

    /** The values of a cursor made for the query with this digest. */
    List<String> decode(String cursor, String queryDigest, int keys) {
        int dot = cursor.indexOf('.');
        if (dot < 1 || !signed(cursor.substring(0, dot), cursor.substring(dot + 1))) {
            throw foreign();
        }
        JsonNode payload;
        try {
            // a signed cursor is the service's own: as long as its sort values, which a request line bounds
            payload = QueryJson.read(new String(Base64.getUrlDecoder().decode(cursor.substring(0, dot)), StandardCharsets.UTF_8),
                    "after", Integer.MAX_VALUE);
        } catch (IllegalArgumentException e) {
            throw foreign();
        }
        JsonNode values = payload.path("v");
        if (!queryDigest.equals(payload.path("q").asText()) || !values.isArray() || values.size() != keys) {
            throw foreign();
        }
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    /** A short digest naming a query: a cursor is good for this query only. */
    static String digest(String query) {
        return HexFormat.of().formatHex(Digests.sha256(query), 0, 12);
    }

    private boolean signed(String body, String mac) {
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return hasher.candidates(PURPOSE + body).stream()
                .anyMatch(candidate -> KeyHasher.sameHash(Arrays.copyOf(candidate.hash(), MAC_BYTES), given));
    }

    private static ApiException foreign() {
        return ApiException.invalidRequest("after: not a cursor of this query (pass the next of a previous page, "
                + "with the same where and sort)");
    }
}
