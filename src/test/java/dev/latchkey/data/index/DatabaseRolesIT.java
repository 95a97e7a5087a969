package dev.latchkey.data.index;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * The two-role deployment of README "Database roles" with an owner that is no superuser, as a
 * managed PostgreSQL has it: the owner migrates, the service runs as its own role and builds the
 * declared indexes itself, as the owner of the document partitions, which the owner hands it at
 * migration when it is a member of the service role. Without that membership, indexes fail with
 * PostgreSQL's reason and everything else works.
 */
class DatabaseRolesIT {

    private static final Duration BUILT = Duration.ofSeconds(30);

    @Test
    void theServiceRoleBuildsDeclaredIndexesOnceTheOwnerMayHandItThePartitions() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(1, Map.of(), Map.of(), url -> database(url, "roles_member", true))) {
            applicationWithIndex(cluster, AdminTokens.platformAdmin(), "ready");
            String url = databaseUrl(cluster.jdbcUrl(), "roles_member");
            assertEquals(List.of("roles_member_service"),
                    column(url, "postgres", "select distinct tableowner from pg_tables where schemaname = 'document_partitions'"));
            assertEquals(1, column(url, "postgres", "select indexname from pg_indexes where schemaname = 'document_partitions'"
                    + " and indexname like 'docq\\_%'").size());
            // public stays closed to the service role, as the audit log's security definer functions need
            SQLException refused = assertThrows(SQLException.class,
                    () -> column(url, "roles_member_service", "create table public.planted (x int)"));
            assertTrue(refused.getMessage().contains("permission denied for schema public"), refused.getMessage());
        }
    }

    @Test
    void withoutTheMembershipIndexesFailWithPostgresReasonAndDocumentsStillWork() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(1, Map.of(), Map.of(), url -> database(url, "roles_apart", false))) {
            String token = AdminTokens.platformAdmin();
            JsonNode app = applicationWithIndex(cluster, token, "failed");
            JsonNode index = collections(cluster, token, app).at("/indexes/0");
            assertTrue(index.get("error").asText().contains("must be owner"), index.toString());
            String key = app.at("/keys/live/secret_key").asText();
            HttpResponse<String> written = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cluster.urls().getFirst() + "/api/data/posts")).header("x-api-key", key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"published\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, written.statusCode(), written.body());
        }
    }

    /** A new application with an index declared on its live collection posts, once that index has reached {@code state}. */
    private static JsonNode applicationWithIndex(ServiceInstances cluster, String token, String state) throws Exception {
        JsonNode app = cluster.createApplication(token, "Roles");
        cluster.admin(token, "PUT", 0, "/api/v1/applications/" + app.get("id").asText() + "/collections/posts",
                "{\"rls_enabled\":false,\"read_access\":\"public\",\"indexes\":[[\"status\",\"-_created_at\"]],\"environment\":\"live\"}",
                null);
        await().atMost(BUILT).until(() -> state.equals(indexState(cluster, token, app)));
        return app;
    }

    private static JsonNode collections(ServiceInstances cluster, String token, JsonNode app) throws Exception {
        for (JsonNode collection : cluster.admin(token, "GET", 0, "/api/v1/applications/" + app.get("id").asText() + "/collections",
                null, null).get("data")) {
            if (collection.get("environment").asText().equals("live") && collection.get("name").asText().equals("posts")) {
                return collection;
            }
        }
        throw new AssertionError("no live collection posts");
    }

    private static String indexState(ServiceInstances cluster, String token, JsonNode app) throws Exception {
        return collections(cluster, token, app).at("/indexes/0/state").asText();
    }

    /** Two login roles and a database the first owns, made as the superuser; the settings that use them. */
    private static Map<String, String> database(String superuserUrl, String name, boolean ownerIsMember) {
        try (Connection connection = DriverManager.getConnection(superuserUrl, "postgres", null);
                Statement statement = connection.createStatement()) {
            statement.execute("create role " + name + "_owner login");
            statement.execute("create role " + name + "_service login");
            if (ownerIsMember) {
                statement.execute("grant " + name + "_service to " + name + "_owner");
            }
            statement.execute("create database " + name + " owner " + name + "_owner");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        // trust authentication: Quarkus takes Flyway's own credentials only in pairs
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", databaseUrl(superuserUrl, name), "QUARKUS_DATASOURCE_USERNAME", name + "_service",
                "QUARKUS_FLYWAY_USERNAME", name + "_owner", "QUARKUS_FLYWAY_PASSWORD", "unused");
    }

    private static String databaseUrl(String superuserUrl, String database) {
        return superuserUrl.substring(0, superuserUrl.lastIndexOf('/') + 1) + database;
    }

    private static List<String> column(String url, String user, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, null); Statement statement = connection.createStatement()) {
            List<String> values = new ArrayList<>();
            if (statement.execute(sql)) {
                try (ResultSet rows = statement.getResultSet()) {
                    while (rows.next()) {
                        values.add(rows.getString(1));
                    }
                }
            }
            return values;
        }
    }
}
