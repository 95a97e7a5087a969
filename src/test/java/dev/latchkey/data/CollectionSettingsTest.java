package dev.latchkey.data;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CollectionSettingsTest {

    @Inject
    Database database;

    private String tenant;
    private String appId;
    private JsonPath app;

    @BeforeEach
    void newApplication() {
        tenant = Api.createTenant();
        app = Api.createApplication(tenant);
        appId = app.getString("id");
    }

    private String path(String collection) {
        return "/api/v1/applications/" + appId + "/collections/" + collection;
    }

    private List<List<Object>> stored(String collection) {
        return database.rows("select environment, rls_enabled, read_access from collection "
                + "where application_id = ?::uuid and name = ? order by environment", appId, collection);
    }

    @Test
    void anAdminSetsBothEnvironmentsOrTheOneNamed() {
        Api.asTenantAdmin(tenant).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("notes"))
                .then().statusCode(200)
                .body("name", equalTo("notes"))
                .body("environments", contains("live", "test"))
                .body("rls_enabled", equalTo(true))
                .body("read_access", equalTo("owner"));
        assertEquals(List.of(List.of("LIVE", true, "OWNER"), List.of("TEST", true, "OWNER")), stored("notes"));

        Api.asTenantAdmin(tenant).body(Map.of("rls_enabled", false, "read_access", "public", "environment", "test"))
                .put(path("notes")).then().statusCode(200).body("environments", contains("test"));
        assertEquals(List.of(List.of("LIVE", true, "OWNER"), List.of("TEST", false, "PUBLIC")), stored("notes"));

        JsonPath audit = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/audit-log").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("collection:notes", "collection:notes"),
                audit.getList("data.findAll { it.action == 'collection.update' }.target"));
    }

    @Test
    void aSecretKeyChangesItsOwnEnvironmentOnly() {
        String testSk = app.getString("keys.test.secret_key");
        withKey(testSk).body(Map.of("rls_enabled", true, "read_access", "public")).put(path("notes"))
                .then().statusCode(200).body("environments", contains("test"));
        assertEquals(List.of(List.of("TEST", true, "PUBLIC")), stored("notes"));
        withKey(testSk).body(Map.of("rls_enabled", true, "read_access", "public", "environment", "live")).put(path("notes"))
                .then().statusCode(403).body("error", equalTo("insufficient_permissions"));
        JsonPath audit = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/audit-log").then()
                .extract().jsonPath();
        assertEquals(List.of("key:" + testSecretKeyId()), audit.getList("data.findAll { it.action == 'collection.update' }.actor"));
    }

    private String testSecretKeyId() {
        return (String) database.rows("select id::text from api_key where application_id = ?::uuid and environment = 'TEST' "
                + "and type = 'SECRET'", appId).getFirst().getFirst();
    }

    @Test
    void publishableKeysAndOtherApplicationsKeysAreRefused() {
        withKey(app.getString("keys.live.publishable_key")).body(Map.of("rls_enabled", true, "read_access", "public"))
                .put(path("notes")).then().statusCode(403)
                .body("error", equalTo("insufficient_permissions")).body("required_permission", equalTo("data:write"));
        JsonPath other = Api.createApplication(Api.createTenant());
        withKey(other.getString("keys.live.secret_key")).body(Map.of("rls_enabled", true, "read_access", "public"))
                .put(path("notes")).then().statusCode(404).body("error", equalTo("not_found"));
        Api.asTenantAdmin(other.getString("tenant_id")).body(Map.of("rls_enabled", true, "read_access", "public"))
                .put(path("notes")).then().statusCode(404);
        assertEquals(List.of(), stored("notes"));
    }

    @Test
    void badSettingsAreClientErrors() {
        for (Map<String, ?> body : List.<Map<String, ?>>of(
                Map.of("rls_enabled", true),
                Map.of("read_access", "owner"),
                Map.of("rls_enabled", "yes", "read_access", "owner"),
                Map.of("rls_enabled", true, "read_access", "everyone"),
                Map.of("rls_enabled", true, "read_access", "owner", "environment", "staging"),
                Map.of("rls_enabled", true, "read_access", "owner", "extra", 1))) {
            Api.asTenantAdmin(tenant).body(body).put(path("notes")).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(tenant).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("Bad-Name"))
                .then().statusCode(400);
        Api.asTenantAdmin(tenant).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("users"))
                .then().statusCode(403).body("error", equalTo("use_user_auth"));
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid", appId));
    }
}
