package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withUser;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An owner-read listing reads the reader's session in the page's own statement: once the session
 * ended or its user was disabled, every listing answers 401, whether it would have had rows or
 * none, served by an index or not, a first page or a cursor's; a live session with no rows is an
 * empty page.
 */
@QuarkusTest
class QuerySessionTest {

    /** Served by the primary key; by no index; by the declared index, some fields only; with a count; matching nothing. */
    private static final List<Map<String, String>> QUERIES = List.of(Map.of(), Map.of("sort", "title"),
            Map.of("sort", "title,-n", "fields", "title"), Map.of("count", "true", "limit", "1"), Map.of("where", "{\"n\":99}"),
            Map.of("where", "{\"n\":99}", "sort", "title"));

    private QueryFixture app;

    @BeforeEach
    void application() {
        app = new QueryFixture();
        app.settings("notes", Map.of("rls_enabled", true, "read_access", "owner", "indexes", List.of(List.of("title", "-n"))))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.asTenantAdmin(app.tenant)
                .get("/api/v1/applications/" + app.appId + "/collections").then().statusCode(200).extract()
                .<List<String>>path("data.find { it.environment == 'live' }.indexes.state").equals(List.of("ready")));
    }

    @Test
    void aSignedOutReadersListingsAnswer401WithOrWithoutRows() {
        String token = userWithNotes(3);
        answersWhileLive(token, 3);
        String next = QueryFixture.list(withUser(app.pk, token), "notes", Map.of("limit", "2")).statusCode(200)
                .body("next", notNullValue()).extract().path("next");
        // after a cursor of a sort in mixed directions, a page merged from one scan per range
        Map<String, String> mixed = Map.of("sort", "title,-n", "limit", "1");
        String mixedNext = QueryFixture.list(withUser(app.pk, token), "notes", mixed).statusCode(200).extract().path("next");
        QueryFixture.list(withUser(app.pk, token), "notes", with(mixed, "after", mixedNext)).statusCode(200)
                .body("data.title", equalTo(List.of("t1")));

        withUser(app.pk, token).post("/api/userAuth/logout").then().statusCode(204);

        refusesAll(token);
        for (Map<String, String> page : List.of(Map.of("limit", "2", "after", next), with(mixed, "after", mixedNext))) {
            QueryFixture.list(withUser(app.pk, token), "notes", page).statusCode(401).body("error", equalTo("invalid_token"));
        }
    }

    @Test
    void aDisabledReadersListingsAnswer401() {
        JsonPath user = EndUsers.signup(app.pk);
        String token = user.getString("token");
        withUser(app.pk, token).body(Map.of("n", 1, "title", "mine")).post("/api/data/notes").then().statusCode(201);
        answersWhileLive(token, 1);

        Api.asTenantAdmin(app.tenant).body(Map.of("disabled", true))
                .patch("/api/v1/applications/" + app.appId + "/users/" + user.getString("user.id")).then().statusCode(200);

        refusesAll(token);
    }

    @Test
    void aLiveReaderWithoutDocumentsHasAnEmptyPage() {
        userWithNotes(2); // another user's notes are not this reader's
        String token = EndUsers.signup(app.pk).getString("token");
        for (Map<String, String> query : QUERIES) {
            QueryFixture.list(withUser(app.pk, token), "notes", query).statusCode(200).body("data", hasSize(0));
        }
        QueryFixture.list(withUser(app.pk, token), "notes", Map.of("count", "true")).statusCode(200).body("count", equalTo(0));
    }

    private String userWithNotes(int notes) {
        String token = EndUsers.signup(app.pk).getString("token");
        for (int n = 0; n < notes; n++) {
            withUser(app.pk, token).body(Map.of("n", n, "title", "t" + n)).post("/api/data/notes").then().statusCode(201);
        }
        return token;
    }

    private void answersWhileLive(String token, int notes) {
        for (Map<String, String> query : QUERIES) {
            QueryFixture.list(withUser(app.pk, token), "notes", query).statusCode(200);
        }
        QueryFixture.list(withUser(app.pk, token), "notes", Map.of("count", "true")).body("data", hasSize(notes))
                .body("count", equalTo(notes));
    }

    private static Map<String, String> with(Map<String, String> query, String name, String value) {
        Map<String, String> more = new HashMap<>(query);
        more.put(name, value);
        return more;
    }

    private void refusesAll(String token) {
        for (Map<String, String> query : QUERIES) {
            QueryFixture.list(withUser(app.pk, token), "notes", query).statusCode(401)
                    .body("error", equalTo("invalid_token")).body("message", containsString("ended"));
        }
    }
}
