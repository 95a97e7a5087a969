package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query time limit, made short so that a few hundred thousand documents pass it: an undeclared
 * query answers 400 query_too_expensive naming the index to declare, other calls go on meanwhile,
 * asked again it is refused without running, and once that index is ready the same query is
 * answered from it.
 */
@QuarkusTest
@TestProfile(QueryTimeLimitTest.ShortLimit.class)
class QueryTimeLimitTest {

    private static final int DOCUMENTS = 300_000;

    /** 10 ms: a sort over the collection takes longer, a declared index's page far less. */
    public static class ShortLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.data.query-timeout", "10ms");
        }
    }

    @Inject
    Database database;

    private QueryFixture app;

    @AfterEach
    void dropDocuments() throws Exception {
        database.execute("delete from application where id = ?::uuid", app.appId);
    }

    @Test
    void anUndeclaredQueryPastTheLimitNamesTheIndexThatServesIt() throws Exception {
        app = new QueryFixture();
        String first = app.create("events", Map.of("category", "c7", "score", -1));
        QueryFixture.seed(app.appId, "events", DOCUMENTS);
        database.execute("analyze document_partitions.document_live");
        Map<String, String> query = Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "limit", "50");
        CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                withKey(app.pk).get("/api/data/events/" + first).then().statusCode(200);
            }
        });
        app.list("events", query).statusCode(400).body("error", equalTo("query_too_expensive"))
                .body("message", containsString("ran past its time limit of 10 ms")).body("message", containsString("[\"category\", \"-score\"]"));
        meanwhile.get();
        // asked again, it is refused without running; another page size is the same query, a count another
        app.list("events", Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "limit", "20")).statusCode(400)
                .body("error", equalTo("query_too_expensive")).body("message", containsString("is not run again before then"))
                .body("message", containsString("[\"category\", \"-score\"]"));
        app.list("events", Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "count", "true")).statusCode(400)
                .body("message", containsString("ran past its time limit of 10 ms"));
        app.settings("events", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("category", "-score"))))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(Api.asTenantAdmin(app.tenant)
                .get("/api/v1/applications/" + app.appId + "/collections").then().extract()
                .path("data.find { it.environment == 'live' }.indexes[0].state")));
        database.execute("analyze document_partitions.document_live");
        List<Integer> scores = app.list("events", query).statusCode(200).extract().path("data.score");
        assertEquals(50, scores.size());
        assertEquals(299_957, scores.getFirst());
        // its next pages too
        String next = app.list("events", query).extract().path("next");
        app.list("events", Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "limit", "50", "after", next)).statusCode(200)
                .body("data[0].score", equalTo(299_957 - 50 * 50));
    }
}
