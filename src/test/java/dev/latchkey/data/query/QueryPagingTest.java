package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.latchkey.support.EndUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cursor paging over any sort while rows are written, cursors bound to their query, and RLS under every operator. */
@QuarkusTest
class QueryPagingTest {

    private QueryFixture app;

    @BeforeEach
    void application() {
        app = new QueryFixture();
    }

    @Test
    void everySortPagesWithoutMissingOrRepeatingRowsWhileRowsAreInserted() {
        for (int i = 0; i < 40; i++) {
            app.create("posts", Map.of("rank", i % 4, "title", "t" + (i % 7), "group", i % 3 == 0 ? "a" : "b"));
        }
        for (String sort : List.of("rank", "-rank", "-rank,title", "title,-rank", "group,-rank,title", "-_created_at", "_id")) {
            Set<String> before = new HashSet<>(app.values("posts", "_id", Map.of("limit", "200")).stream().map(String::valueOf).toList());
            List<String> seen = new ArrayList<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            String after = null;
            int inserted = 0;
            do {
                Map<String, Object> query = new HashMap<>(Map.of("sort", sort, "limit", "6"));
                if (after != null) {
                    query.put("after", after);
                }
                JsonPath page = app.list("posts", query).statusCode(200).extract().jsonPath();
                rows.addAll(page.getList("data"));
                page.getList("data._id", String.class).forEach(seen::add);
                after = page.getString("next");
                // rows written between pages, sorting before, among and after the rows already read
                app.create("posts", Map.of("rank", inserted % 4, "title", "n" + inserted, "group", "c"));
                inserted++;
            } while (after != null);
            assertEquals(seen.size(), new HashSet<>(seen).size(), sort + ": a row was answered twice");
            assertTrue(seen.containsAll(before), sort + ": a row present before the first page was missed");
            assertOrdered(rows, sort);
        }
    }

    /** The rows come in the order the sort names, ties by _id in the last key's direction. */
    private static void assertOrdered(List<Map<String, Object>> rows, String sort) {
        List<String> keys = new ArrayList<>(List.of(sort.split(",")));
        String last = keys.getLast();
        if (!last.replace("-", "").equals("_id")) {
            keys.add(last.startsWith("-") ? "-_id" : "_id");
        }
        for (int i = 1; i < rows.size(); i++) {
            int order = 0;
            for (String key : keys) {
                boolean descending = key.startsWith("-");
                Comparable<Object> a = comparable(rows.get(i - 1), key.replace("-", ""));
                Comparable<Object> b = comparable(rows.get(i), key.replace("-", ""));
                order = descending ? -a.compareTo(b) : a.compareTo(b);
                if (order != 0) {
                    break;
                }
            }
            assertTrue(order < 0, sort + ": rows " + (i - 1) + " and " + i + " are out of order: " + rows.get(i - 1) + " " + rows.get(i));
        }
    }

    /** A row's value to compare; times as instants (their text has 3, 6 or 9 fraction digits). */
    @SuppressWarnings("unchecked")
    private static Comparable<Object> comparable(Map<String, Object> row, String field) {
        Object value = row.get(field);
        return (Comparable<Object>) (Object) (field.equals("_created_at") ? java.time.Instant.parse((String) value) : value);
    }

    @Test
    void cursorsAreBoundToTheirQuery() {
        for (int i = 0; i < 5; i++) {
            app.create("posts", Map.of("rank", i, "status", "published"));
        }
        String where = "{\"status\":\"published\"}";
        String next = app.list("posts", Map.of("where", where, "sort", "-rank", "limit", "2")).statusCode(200).extract().path("next");
        assertNotNull(next);
        app.list("posts", Map.of("where", where, "sort", "-rank", "limit", "2", "after", next)).statusCode(200)
                .body("data.rank", equalTo(List.of(2, 1)));
        // the same cursor with another condition, another sort, or with a changed character
        app.list("posts", Map.of("where", "{\"status\":\"draft\"}", "sort", "-rank", "after", next)).statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", containsString("after"));
        app.list("posts", Map.of("where", where, "sort", "rank", "after", next)).statusCode(400);
        char flipped = next.charAt(3) == 'A' ? 'B' : 'A';
        app.list("posts", Map.of("where", where, "sort", "-rank", "after", next.substring(0, 3) + flipped + next.substring(4))).statusCode(400);
        for (String forged : List.of("x", ".", "eyJxIjoiMCIsInYiOlsiMSJdfQ.AAAA", "0192f0c0-0000-7000-8000-000000000000", "a.b.c")) {
            app.list("posts", Map.of("after", forged)).statusCode(400).body("error", equalTo("invalid_request"));
        }
    }

    @Test
    void ownerOnlyCollectionsNeverLeakAnotherUsersRowsThroughAnyPartOfAQuery() {
        app.settings("notes", Map.of("rls_enabled", true, "read_access", "owner")).statusCode(200);
        String alice = EndUsers.signup(app.pk).getString("token");
        String bob = EndUsers.signup(app.pk).getString("token");
        for (int i = 0; i < 6; i++) {
            withUser(app.pk, alice).body(Map.of("n", i, "tags", List.of("x"), "who", "alice", "path", Map.of("k", i))).post("/api/data/notes").then().statusCode(201);
            withUser(app.pk, bob).body(Map.of("n", i, "tags", List.of("x"), "who", "bob", "path", Map.of("k", i))).post("/api/data/notes").then().statusCode(201);
        }
        for (String where : List.of("{}", "{\"who\":\"bob\"}", "{\"n\":{\"$gte\":0}}", "{\"n\":{\"$in\":[1,2,3]}}", "{\"n\":{\"$nin\":[1]}}",
                "{\"who\":{\"$ne\":\"alice\"}}", "{\"tags\":{\"$contains\":\"x\"}}", "{\"who\":{\"$prefix\":\"b\"}}", "{\"path\":{\"$exists\":true}}",
                "{\"path.k\":{\"$lt\":3}}", "{\"$or\":[{\"who\":\"bob\"},{\"n\":1}]}", "{\"_owner\":{\"$ne\":null}}")) {
            JsonPath answer = QueryFixture.list(withUser(app.pk, alice), "notes", Map.of("where", where, "count", "true", "sort", "-n", "limit", "2"))
                    .statusCode(200).extract().jsonPath();
            assertTrue(answer.getList("data.who").stream().allMatch("alice"::equals), where + " answered another user's row");
            long alices = app.values("notes", "_id", Map.of("where", and(where, "{\"who\":\"alice\"}"), "limit", "200")).size();
            assertEquals(alices, answer.getLong("count"), where + ": the count must be of the caller's rows only");
            String next = answer.getString("next");
            if (next != null) {
                QueryFixture.list(withUser(app.pk, alice), "notes", Map.of("where", where, "sort", "-n", "limit", "200", "after", next))
                        .statusCode(200).body("data.who", org.hamcrest.Matchers.everyItem(equalTo("alice")));
                // Alice's cursor is not Bob's
                QueryFixture.list(withUser(app.pk, bob), "notes", Map.of("where", where, "sort", "-n", "after", next)).statusCode(400);
            }
        }
        // without a user token an owner-only query is refused, with the secret key it sees both users
        QueryFixture.list(withKey(app.pk), "notes", Map.of("where", "{\"who\":\"bob\"}")).statusCode(401);
        assertEquals(12, app.values("notes", "_id", Map.of()).size());
    }

    /** Both conditions, as one where. */
    private static String and(String where, String other) {
        return where.equals("{}") ? other : "{\"$or\":[" + where + "]," + other.substring(1);
    }
}
