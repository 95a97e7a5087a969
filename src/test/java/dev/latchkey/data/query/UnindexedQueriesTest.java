package dev.latchkey.data.query;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.latchkey.data.UnindexedQueries;
import dev.latchkey.key.Environment;
import dev.latchkey.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Queries no index serves take turns per application, within a time a minute; queries an index
 * serves, and other applications', never wait.
 */
@QuarkusTest
class UnindexedQueriesTest {

    @Inject
    UnindexedQueries unindexed;

    @ConfigProperty(name = "latchkey.data.unindexed-time", defaultValue = "5s")
    Duration perMinute;

    @Test
    void whileAnApplicationsUnindexedQueryRunsItsNextOneWaitsAndIndexedOnesDoNot() throws Exception {
        QueryFixture app = new QueryFixture();
        QueryFixture other = new QueryFixture();
        for (QueryFixture each : List.of(app, other)) {
            each.create("posts", Map.of("status", "published", "title", "b"));
            each.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("status", "-_created_at"))))
                    .statusCode(200);
            // until it is built, the index serves nothing: its queries take turns like any other
            await().atMost(Duration.ofSeconds(20)).until(() -> "ready".equals(Api.asTenantAdmin(each.tenant)
                    .get("/api/v1/applications/" + each.appId + "/collections").then().extract()
                    .path("data.find { it.environment == 'live' }.indexes[0].state")));
        }
        // an index PostgreSQL could not build serves nothing
        app.create("blobs", Map.of("blob", QueryFixture.incompressible()));
        app.settings("blobs", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("blob")))).statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(Api.asTenantAdmin(app.tenant)
                .get("/api/v1/applications/" + app.appId + "/collections").then().extract()
                .path("data.find { it.name == 'blobs' && it.environment == 'live' }.indexes[0].state")));
        // the application's one turn, held as a long unindexed query would hold it
        UnindexedQueries.Turn turn = admitted(app);
        try {
            app.list("posts", Map.of("sort", "title")).statusCode(400).body("error", equalTo("query_too_expensive"))
                    .body("message", containsString("waited past its time limit of 1000 ms for its turn"))
                    .body("message", containsString("declare the index [\"title\"]"));
            app.list("posts", Map.of("where", "{\"status\":\"published\"}", "sort", "_created_at")).statusCode(200)
                    .body("data.title", equalTo(List.of("b")));
            app.list("posts", Map.of()).statusCode(200).body("data.title", equalTo(List.of("b")));
            app.list("blobs", Map.of("sort", "blob", "fields", "_id")).statusCode(400).body("message", containsString("for its turn"));
            other.list("posts", Map.of("sort", "title")).statusCode(200).body("data.title", equalTo(List.of("b")));
        } finally {
            turn.release();
        }
        app.list("posts", Map.of("sort", "title")).statusCode(200).body("data.title", equalTo(List.of("b")));
    }

    @Test
    void anApplicationWhoseUnindexedQueriesUsedTheirTimeIsRefusedAtOnceWhileItsServedQueriesAndOthersRun() throws Exception {
        QueryFixture app = new QueryFixture();
        QueryFixture other = new QueryFixture();
        for (QueryFixture each : List.of(app, other)) {
            each.create("posts", Map.of("title", "b"));
            each.settings("posts", Map.of("rls_enabled", false, "read_access", "public")).statusCode(200);
        }
        // one turn held 2 s past the application's time a minute, as one long query after another would
        // hold them: a debt of 2 s, paid back in 24 s, long after the requests below
        UnindexedQueries.Turn turn = admitted(app);
        Thread.sleep(perMinute.plusSeconds(2).toMillis());
        turn.release();
        app.list("posts", Map.of("sort", "title")).statusCode(400).body("error", equalTo("query_too_expensive"))
                .body("message", containsString("have used their " + perMinute.toMillis() + " ms a minute on this instance"))
                .body("message", containsString("declare the index [\"title\"]"));
        // no conditions, sorted by _id: the primary key serves it
        app.list("posts", Map.of()).statusCode(200).body("data.title", equalTo(List.of("b")));
        other.list("posts", Map.of("sort", "title")).statusCode(200).body("data.title", equalTo(List.of("b")));
    }

    private UnindexedQueries.Turn admitted(QueryFixture app) throws UnindexedQueries.NotNow {
        UnindexedQueries.Turn turn = unindexed.admit(UUID.fromString(app.appId), "held by the test " + UUID.randomUUID(), Duration.ofSeconds(1),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(1));
        assertFalse(turn.waited());
        return turn;
    }

    @Test
    void aQueryIsServedByTheIndexOfItsEqualitiesThenItsSortInEitherDirection() {
        List<List<String>> declared = List.of(List.of("status", "-_created_at"), List.of("category", "score", "-rank"));
        assertTrue(served("{\"status\":\"x\"}", "-_created_at", declared));
        assertTrue(served("{\"status\":\"x\"}", "_created_at", declared));
        assertTrue(served("{\"status\":{\"$in\":[\"x\",\"y\"]}}", "-_created_at", declared));
        assertTrue(served("{\"category\":\"c\"}", "-score,rank", declared));
        assertTrue(served(null, null, declared));
        assertTrue(served(null, "-_id", declared));
        assertFalse(served("{\"category\":\"c\"}", "score,rank", declared), "one direction reversed, not all");
        assertFalse(served("{\"status\":\"x\"}", "title", declared));
        assertFalse(served(null, "-_created_at", declared));
        assertFalse(served("{\"title\":{\"$prefix\":\"a\"}}", null, declared));
        assertFalse(served("{\"status\":\"x\"}", "-_created_at", List.of()));
    }

    private static boolean served(String where, String sort, List<List<String>> declared) {
        return new DocumentQuery(UUID.randomUUID(), Environment.LIVE, "posts", null, WhereClause.parse(where), SortOrder.parse(sort), null)
                .servedBy(declared);
    }
}
