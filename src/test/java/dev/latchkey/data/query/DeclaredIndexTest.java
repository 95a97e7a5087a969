package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.key.Environment;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Declared indexes: built concurrently, answered with their state, used by the queries they serve, dropped when undeclared. */
@QuarkusTest
class DeclaredIndexTest {

    private static final Duration BUILT = Duration.ofSeconds(20);

    @Inject
    Database database;

    @Inject
    DataSource dataSource;

    @Inject
    QueryCursors cursors;

    private QueryFixture app;

    @BeforeEach
    void application() {
        app = new QueryFixture();
    }

    private List<List<Object>> indexes() {
        return database.rows("""
                select c.relname, pg_get_indexdef(c.oid), i.indisvalid from pg_class c join pg_index i on i.indexrelid = c.oid
                where c.relname like 'docq\\_%' and pg_get_indexdef(c.oid) like '%document_live%'
                and pg_get_indexdef(c.oid) like '%' || ? || '%' order by 1""", app.appId);
    }

    /** The state of the live collection's declared index at this position. */
    private String state(int position) {
        return Api.asTenantAdmin(app.tenant).get("/api/v1/applications/" + app.appId + "/collections").then().statusCode(200)
                .extract().path("data.find { it.environment == 'live' }.indexes[" + position + "].state");
    }

    @Test
    void anIndexIsBuiltServesItsQueryAndIsDroppedWhenUndeclared() throws SQLException {
        for (int i = 0; i < 300; i++) {
            app.create("posts", Map.of("status", i % 3 == 0 ? "published" : "draft", "score", i));
        }
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("status", "-_created_at"))))
                .statusCode(200).body("indexes[0].fields", equalTo(List.of("status", "-_created_at")))
                .body("indexes[0].state", equalTo("building"));
        await().atMost(BUILT).until(() -> "ready".equals(state(0)));
        List<List<Object>> built = indexes();
        assertEquals(1, built.size());
        String definition = (String) built.getFirst().get(1);
        assertTrue(definition.contains("ON document_partitions.document_live") && definition.contains("created_at DESC, id DESC")
                && definition.contains("'status'::text"), definition);
        assertEquals(true, built.getFirst().get(2));
        // the query the index declares is answered from it
        String name = (String) built.getFirst().getFirst();
        // two roles, as in production: the service's own role built it, as the owner of the partitions
        assertEquals(List.of(List.of(ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class))),
                database.rows("select distinct tableowner from pg_tables where schemaname = 'document_partitions'"));
        // fresh statistics: earlier tests' rows (hundreds of thousands, deleted) must not steer the plan
        database.execute("analyze document_partitions.document_live");
        long scansBefore = scans(name);
        app.list("posts", Map.of("where", "{\"status\":\"published\"}", "sort", "-_created_at", "limit", "5")).statusCode(200)
                .body("data.score", equalTo(List.of(297, 294, 291, 288, 285)));
        await().atMost(BUILT).until(() -> scans(name) > scansBefore);
        // settings without indexes keep them; indexes: [] drops them, in PostgreSQL too
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public")).statusCode(200).body("indexes[0].state", equalTo("ready"));
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of())).statusCode(200)
                .body("indexes", equalTo(List.of()));
        await().atMost(BUILT).until(() -> indexes().isEmpty());
    }

    private long scans(String index) {
        return database.count("select coalesce(sum(idx_scan), 0) from pg_stat_user_indexes where indexrelname = ?", index);
    }

    @Test
    void ownerReadCollectionsGetAnOwnerLedIndexBeside() {
        app.create("notes", Map.of("n", 1));
        app.settings("notes", Map.of("rls_enabled", true, "read_access", "owner", "indexes", List.of(List.of("n")))).statusCode(200);
        await().atMost(BUILT).until(() -> "ready".equals(state(0)));
        List<List<Object>> built = indexes();
        assertEquals(2, built.size());
        assertTrue(built.stream().anyMatch(row -> ((String) row.get(1)).contains("(owner_id, COALESCE")), built.toString());
        // turning owner reads off replaces the pair by the plain index
        app.settings("notes", Map.of("rls_enabled", true, "read_access", "public")).statusCode(200);
        await().atMost(BUILT).until(() -> indexes().size() == 1 && !((String) indexes().getFirst().get(1)).contains("(owner_id"));
    }

    @Test
    void anIndexPostgreSqlCannotBuildIsFailedWithItsReason() {
        String big = app.create("blobs", Map.of("blob", QueryFixture.incompressible()));
        Map<String, Object> declared = Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("blob")));
        app.settings("blobs", declared).statusCode(200);
        await().atMost(BUILT).until(() -> "failed".equals(state(0)));
        Api.asTenantAdmin(app.tenant).get("/api/v1/applications/" + app.appId + "/collections").then()
                .body("data.find { it.environment == 'live' }.indexes[0].error", containsString("index row"));
        assertEquals(List.of(), indexes());
        // the collection still answers; once the data is fixed, declaring the index again builds it
        app.list("blobs", Map.of()).statusCode(200).body("data.size()", equalTo(1));
        withKey(app.sk).delete("/api/data/blobs/" + big).then().statusCode(200);
        app.settings("blobs", declared).statusCode(200).body("indexes[0].state", equalTo("building"));
        await().atMost(BUILT).until(() -> "ready".equals(state(0)));
        // with the index in place, a value too large for it is a 400 that says why, and nothing is stored
        withKey(app.sk).body(Map.of("blob", QueryFixture.incompressible())).post("/api/data/blobs").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", containsString("too large for an index"));
        assertEquals(0, database.count("select count(*) from document where application_id = ?::uuid", app.appId));
    }

    /**
     * A mixed-direction sort deep into a run of equal first keys: 60 documents share each
     * category, and the page after the 55th reads about a page per range of the declared index
     * (two: the rest of this category, then the categories after it), not the 55 rows before it.
     */
    @Test
    void aDeepPageOfAMixedDirectionSortReadsAboutAPagePerRangeOfItsIndex() throws SQLException {
        QueryFixture.seed(app.appId, "ranked", 3000);
        app.settings("ranked", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("category", "-score"))))
                .statusCode(200);
        await().atMost(BUILT).until(() -> "ready".equals(state(0)));
        database.execute("analyze document_partitions.document_live");
        String next = null;
        for (int page = 0; page < 11; page++) {
            Map<String, String> query = new HashMap<>(Map.of("sort", "category,-score", "limit", "5"));
            if (next != null) {
                query.put("after", next);
            }
            next = app.list("ranked", query).statusCode(200).extract().path("next");
        }
        // category c0 holds the scores 3000, 2950, ... 50: 55 rows in, its last five, then c1 (jsonb orders "c1" next)
        app.list("ranked", Map.of("sort", "category,-score", "limit", "5", "after", next)).statusCode(200)
                .body("data.score", equalTo(List.of(250, 200, 150, 100, 50)));
        DocumentQuery query = new DocumentQuery(UUID.fromString(app.appId), Environment.LIVE, "ranked", null, null,
                SortOrder.parse("category,-score"), null).after(cursors, next);
        JsonNode plan = explainAnalyze(query.select(6));
        List<JsonNode> scans = plan.findParents("Index Name");
        assertTrue(scans.stream().allMatch(scan -> scan.path("Index Name").asText().startsWith(IndexDefinition.PREFIX)), plan.toString());
        long read = scans.stream().mapToLong(scan -> scan.path("Actual Rows").asLong() + scan.path("Rows Removed by Filter").asLong()).sum();
        assertTrue(read <= 2 * 6, "index rows read: " + read + " in " + plan);
    }

    /** The plan of {@code sql} as it ran, with PostgreSQL kept to index scans whatever its statistics of this small table. */
    private JsonNode explainAnalyze(SqlFragment sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.createStatement().execute("set local enable_seqscan = off; set local enable_bitmapscan = off");
            SqlFragment explain = new SqlFragment().append("explain (analyze, format json) ").append(sql);
            try (PreparedStatement statement = explain.prepare(connection); ResultSet row = statement.executeQuery()) {
                row.next();
                return new ObjectMapper().readTree(row.getString(1));
            } catch (IOException e) {
                throw new SQLException(e);
            } finally {
                connection.rollback();
            }
        }
    }

    @Test
    void declarationsAreChecked() {
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("a", "b", "c", "d"))))
                .statusCode(400).body("message", containsString("indexes"));
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of("bad name")))).statusCode(400);
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", List.of(List.of()))).statusCode(400);
        List<List<String>> eleven = java.util.stream.IntStream.range(0, 11).mapToObj(i -> List.of("f" + i)).toList();
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public", "indexes", eleven)).statusCode(400)
                .body("message", containsString("at most 10"));
    }
}
