package dev.latchkey.data;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CollectionSettingsTest {

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    private String path(String collection) {
        return "/api/v1/applications/" + app.id() + "/collections/" + collection;
    }

    private List<List<Object>> stored(String collection) {
        return database.rows("select environment, rls_enabled, read_access from collection "
                + "where application_id = ?::uuid and name = ? order by environment", app.id(), collection);
    }

    @Test
    void anAdminSetsBothEnvironmentsOrTheOneNamed() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("notes"))
                .then().statusCode(200)
                .body("name", equalTo("notes"))
                .body("environments", contains("live", "test"))
                .body("rls_enabled", equalTo(true))
                .body("read_access", equalTo("owner"));
        assertEquals(List.of(List.of("LIVE", true, "OWNER"), List.of("TEST", true, "OWNER")), stored("notes"));

        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", false, "read_access", "public", "environment", "test"))
                .put(path("notes")).then().statusCode(200).body("environments", contains("test"));
        assertEquals(List.of(List.of("LIVE", true, "OWNER"), List.of("TEST", false, "PUBLIC")), stored("notes"));

        JsonPath audit = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/audit-log").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(List.of("collection:notes", "collection:notes"),
                audit.getList("data.findAll { it.action == 'collection.update' }.target"));
    }

    /**
     * Reads take a collection's settings from memory (a row changed behind the service's back is
     * not seen), yet a change made through the API applies to the very next read.
     */
    @Test
    void readsRememberTheSettingsAndAChangeAppliesToTheNextRead() throws Exception {
        String id = withKey(app.secretKey()).body(Map.of("title", "mine")).post("/api/data/notes")
                .then().statusCode(201).extract().path("data._id");
        withKey(app.publishableKey()).get("/api/data/notes/" + id).then().statusCode(200);

        database.execute("update collection set read_access = 'OWNER' where application_id = ?::uuid and name = 'notes'", app.id());
        withKey(app.publishableKey()).get("/api/data/notes/" + id).then().statusCode(200);

        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", false, "read_access", "owner")).put(path("notes"))
                .then().statusCode(200);
        withKey(app.publishableKey()).get("/api/data/notes/" + id).then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void aSecretKeyChangesItsOwnEnvironmentOnly() {
        String testSk = app.json().getString("keys.test.secret_key");
        withKey(testSk).body(Map.of("rls_enabled", true, "read_access", "public")).put(path("notes"))
                .then().statusCode(200).body("environments", contains("test"));
        assertEquals(List.of(List.of("TEST", true, "PUBLIC")), stored("notes"));
        withKey(testSk).body(Map.of("rls_enabled", true, "read_access", "public", "environment", "live")).put(path("notes"))
                .then().statusCode(403).body("error", equalTo("insufficient_permissions"));
        JsonPath audit = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/audit-log").then()
                .extract().jsonPath();
        assertEquals(List.of("key:" + testSecretKeyId()), audit.getList("data.findAll { it.action == 'collection.update' }.actor"));
    }

    private String testSecretKeyId() {
        return (String) database.rows("select id::text from api_key where application_id = ?::uuid and environment = 'TEST' "
                + "and type = 'SECRET'", app.id()).getFirst().getFirst();
    }

    @Test
    void publishableKeysAndOtherApplicationsKeysAreRefused() {
        withKey(app.publishableKey()).body(Map.of("rls_enabled", true, "read_access", "public"))
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
            Api.asTenantAdmin(app.tenant()).body(body).put(path("notes")).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("Bad-Name"))
                .then().statusCode(400);
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("users"))
                .then().statusCode(403).body("error", equalTo("use_user_auth"));
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid", app.id()));
    }

    @Test
    void theListShowsEachEnvironmentsSettingsPagedByName() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner")).put(path("notes")).then().statusCode(200);
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", false, "read_access", "public", "environment", "test"))
                .put(path("articles")).then().statusCode(200);
        String list = "/api/v1/applications/" + app.id() + "/collections";

        JsonPath first = Api.asTenantAdmin(app.tenant()).queryParam("limit", 2).get(list).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("articles", "notes"), first.getList("data.name"));
        assertEquals(List.of("test", "live"), first.getList("data.environment"));
        assertEquals(List.of(false, true), first.getList("data.rls_enabled"));
        assertEquals(List.of("public", "owner"), first.getList("data.read_access"));
        JsonPath second = Api.asTenantAdmin(app.tenant()).queryParam("after", first.getString("next")).get(list)
                .then().statusCode(200).body("next", equalTo(null)).extract().jsonPath();
        assertEquals(List.of("notes/test"), second.getList("data.collect { it.name + '/' + it.environment }"));

        // a secret key sees its own environment only; another tenant's admin sees nothing of it
        withKey(app.json().getString("keys.test.secret_key")).get(list).then().statusCode(200)
                .body("data.environment", contains("test", "test"));
        Api.asTenantAdmin(Api.createTenant()).get(list).then().statusCode(404).body("error", equalTo("not_found"));
        Api.asTenantAdmin(app.tenant()).queryParam("after", "no-such-cursor").get(list)
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }
}
