package dev.latchkey.data.query;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Injection attempts in names and values, malformed and oversized queries: each a 400 naming its parameter, nothing changed. */
@QuarkusTest
class QueryAbuseTest {

    @Inject
    Database database;

    private QueryFixture app;

    @BeforeEach
    void documents() {
        app = new QueryFixture();
        app.create("items", Map.of("title", "plain"));
        app.create("items", Map.of("title", "it's -- ::text ->> 'x' \"quoted\" ; drop table document; ☃"));
    }

    @Test
    void injectionInFieldNamesIsRefusedByThePattern() {
        for (String field : List.of("title'", "title--", "title::text", "title->>'x'", "a b", "\"title\"", "tïtle", "1title",
                "a.b.c.d.e", "a..b", "title;drop", "_secret", "x".repeat(65), "")) {
            String where = "{" + quoted(field) + ":1}";
            app.list("items", Map.of("where", where)).statusCode(400).body("error", equalTo("invalid_request"))
                    .body("message", containsString("where"));
            app.list("items", Map.of("sort", field.isEmpty() ? "," : field)).statusCode(400).body("message", containsString("sort"));
            app.list("items", Map.of("fields", field.isEmpty() ? "," : field)).statusCode(400).body("message", containsString("fields"));
        }
    }

    @Test
    void injectionInValuesIsOnlyEverAValue() {
        String tricky = "it's -- ::text ->> 'x' \"quoted\" ; drop table document; ☃";
        assertEquals(List.of(tricky), app.values("items", "title", Map.of("where", "{\"title\":" + quoted(tricky) + "}")));
        for (String value : List.of("' or '1'='1", "x'::jsonb or true --", "\\u0027) or (1=1", "\"}' or 1=1 --", "☃'--")) {
            app.list("items", Map.of("where", "{\"title\":" + quoted(value) + "}")).statusCode(200).body("data", equalTo(List.of()));
            app.list("items", Map.of("where", "{\"title\":{\"$prefix\":" + quoted(value) + "}}")).statusCode(200).body("data", equalTo(List.of()));
            app.list("items", Map.of("where", "{\"title\":{\"$in\":[" + quoted(value) + "]}}")).statusCode(200).body("data", equalTo(List.of()));
        }
        assertEquals(2, database.count("select count(*) from document where application_id = ?::uuid", app.appId));
    }

    @Test
    void malformedQueriesAnswer400NamingTheParameter() {
        Map<String, String> where = Map.ofEntries(
                Map.entry("{", "malformed"), Map.entry("[]", "object"), Map.entry("\"x\"", "object"), Map.entry("{}{}", "malformed"),
                Map.entry("{\"a\":1,\"a\":2}", "twice"), Map.entry("{\"a\":{\"$regex\":\"x\"}}", "unknown operator"),
                Map.entry("{\"$and\":[]}", "$or"), Map.entry("{\"$or\":[]}", "$or"), Map.entry("{\"$or\":{}}", "$or"),
                Map.entry("{\"a\":{\"$gt\":true}}", "number or a string"), Map.entry("{\"a\":{\"$exists\":1}}", "$exists"),
                Map.entry("{\"a\":{\"$in\":1}}", "$in"), Map.entry("{\"a\":{\"$prefix\":1}}", "$prefix"),
                Map.entry("{\"a\":{\"$gt\":1,\"b\":2}}", "only operators"), Map.entry("{\"a\":\"\\u0000\"}", "NUL"),
                Map.entry("{\"a\":1e999}", "finite"), Map.entry("{\"a\":[[[[[[[[[1]]]]]]]]]}", "nested"));
        where.forEach((text, problem) -> app.list("items", Map.of("where", text)).statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", containsString(problem)));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= WhereClause.MAX_CONDITIONS; i++) {
            many.add("\"f" + i + "\":" + i);
        }
        app.list("items", Map.of("where", "{" + String.join(",", many) + "}")).statusCode(400).body("message", containsString("at most 20 conditions"));
        List<String> branches = new ArrayList<>();
        for (int i = 0; i <= WhereClause.MAX_BRANCHES; i++) {
            branches.add("{\"f\":" + i + "}");
        }
        app.list("items", Map.of("where", "{\"$or\":[" + String.join(",", branches) + "]}")).statusCode(400).body("message", containsString("$or"));
        List<String> values = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            values.add(String.valueOf(i));
        }
        app.list("items", Map.of("where", "{\"a\":{\"$in\":[" + String.join(",", values) + "]}}")).statusCode(400).body("message", containsString("100"));
        app.list("items", Map.of("where", "{\"a\":\"" + "x".repeat(3000) + "\"}")).statusCode(400).body("message", containsString("where"));
        app.list("items", Map.of("sort", "a,b,c,d")).statusCode(400).body("message", containsString("at most 3"));
        app.list("items", Map.of("sort", "a,-a")).statusCode(400).body("message", containsString("twice"));
        app.list("items", Map.of("fields", "author.id")).statusCode(400).body("message", containsString("top-level"));
        app.list("items", Map.of("count", "yes")).statusCode(400).body("message", containsString("count"));
        assertEquals(2, database.count("select count(*) from document where application_id = ?::uuid", app.appId));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
