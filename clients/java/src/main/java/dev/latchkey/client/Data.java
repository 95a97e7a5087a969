package dev.latchkey.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The data API with the secret key (row-level security does not apply to it). */
public final class Data {

    private final Transport http;

    Data(Transport http) {
        this.http = http;
    }

    /** {@code {data, next}}: a page of documents; pass {@code next} as {@code after} for the following page (null: the first). */
    public JsonNode list(String collection, Integer limit, String after) {
        Map<String, String> query = new LinkedHashMap<>();
        if (limit != null) {
            query.put("limit", String.valueOf(limit));
        }
        if (after != null) {
            query.put("after", after);
        }
        return http.json("GET", path(collection, null), query, null);
    }

    public JsonNode get(String collection, String id) {
        return http.json("GET", path(collection, id), null, null).get("data");
    }

    public JsonNode create(String collection, Object document) {
        return http.json("POST", path(collection, null), null, document).get("data");
    }

    /** Replaces the document's fields (PUT). */
    public JsonNode replace(String collection, String id, Object document) {
        return http.json("PUT", path(collection, id), null, document).get("data");
    }

    /** Changes some fields (PATCH). */
    public JsonNode update(String collection, String id, Object patch) {
        return http.json("PATCH", path(collection, id), null, patch).get("data");
    }

    public void delete(String collection, String id) {
        http.json("DELETE", path(collection, id), null, null);
    }

    private static String path(String collection, String id) {
        String path = "/api/data/" + URLEncoder.encode(collection, StandardCharsets.UTF_8);
        return id == null ? path : path + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
