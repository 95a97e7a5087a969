package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The query time limit, made short so that a few hundred thousand documents pass it: an undeclared
 * query answers 400 query_too_expensive naming the index to declare, other calls go on meanwhile,
 * and once that index is ready the same query is answered from it.
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

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.flyway.username")
    String owner;

    /**
     * The documents, written by the database's owner in one statement with triggers off: the
     * storage-usage trigger counts each row of an API write; 300,000 rows in one transaction would
     * update its one counter row 300,000 times.
     */
    private void seed() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, owner, null);
                PreparedStatement insert = connection.prepareStatement("""
                        insert into document (id, application_id, environment, collection, owner_id, body, created_at, updated_at)
                        select gen_random_uuid(), ?::uuid, 'LIVE', 'events', null,
                               jsonb_build_object('category', 'c' || (g % 50), 'score', g, 'text', md5(g::text)), now(), now()
                        from generate_series(1, ?) g""")) {
            connection.createStatement().execute("set session_replication_role = replica");
            insert.setString(1, app.appId);
            insert.setInt(2, DOCUMENTS);
            insert.execute();
        }
    }

    private QueryFixture app;

    @AfterEach
    void dropDocuments() throws Exception {
        database.execute("delete from application where id = ?::uuid", app.appId);
    }

    @Test
    void anUndeclaredQueryPastTheLimitNamesTheIndexThatServesIt() throws Exception {
        app = new QueryFixture();
        String first = app.create("events", Map.of("category", "c7", "score", -1));
        seed();
        database.execute("analyze document_live");
        Map<String, String> query = Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "limit", "50");
        CompletableFuture<Void> meanwhile = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 20; i++) {
                withKey(app.pk).get("/api/data/events/" + first).then().statusCode(200);
            }
        });
        app.list("events", query).statusCode(400).body("error", equalTo("query_too_expensive"))
                .body("message", containsString("[\"category\", \"-score\"]"));
        meanwhile.get();
        app.settings("events", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("category", "-score"))))
                .statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "ready".equals(Api.asTenantAdmin(app.tenant)
                .get("/api/v1/applications/" + app.appId + "/collections").then().extract()
                .path("data.find { it.environment == 'live' }.indexes[0].state")));
        database.execute("analyze document_live");
        List<Integer> scores = app.list("events", query).statusCode(200).extract().path("data.score");
        assertEquals(50, scores.size());
        assertEquals(299_957, scores.getFirst());
        // its next pages too, and a count past the exact limit is an estimate
        String next = app.list("events", query).extract().path("next");
        app.list("events", Map.of("where", "{\"category\":\"c7\"}", "sort", "-score", "limit", "50", "after", next)).statusCode(200)
                .body("data[0].score", equalTo(299_957 - 50 * 50));
        app.list("events", Map.of("count", "true", "limit", "1")).statusCode(200).body("count_estimated", equalTo(true))
                .body("count", org.hamcrest.Matchers.greaterThan(10_000));
    }
}
