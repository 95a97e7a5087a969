package dev.latchkey.verification;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An application's own scopes: the vocabulary, the publishable subset, restricted secret keys. */
@QuarkusTest
class ScopesTest {

    static final List<String> VOCABULARY = List.of("links:read", "links:write", "links:delete", "visitors:identify",
            "visitors:read_self");

    private String tenant;
    private String appId;
    private JsonPath app;

    @BeforeEach
    void linkbreakersStyleApplication() {
        tenant = Api.createTenant();
        app = Api.createApplication(tenant);
        appId = app.getString("id");
        Api.asTenantAdmin(tenant).body(Map.of("scopes", VOCABULARY, "publishable_scopes", List.of("visitors:identify")))
                .patch("/api/v1/applications/" + appId).then().statusCode(200)
                .body("scopes", equalTo(VOCABULARY)).body("publishable_scopes", contains("visitors:identify"));
    }

    private String restricted(List<String> scopes) {
        return Api.asTenantAdmin(tenant)
                .body(Map.of("name", "links bot", "environment", "live", "scopes", scopes))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201)
                .body("scopes", equalTo(scopes)).extract().path("secret_key");
    }

    @Test
    void keysHoldTheirScopesBesideTheirPermissions() {
        withKey(app.getString("keys.live.publishable_key")).get("/api/v1/keys/self").then().statusCode(200)
                .body("scopes", contains("visitors:identify")).body("permissions.data", equalTo("read"));
        withKey(app.getString("keys.live.secret_key")).get("/api/v1/keys/self").then().statusCode(200)
                .body("scopes", equalTo(VOCABULARY)).body("permissions.data", equalTo("write"));
        withKey(restricted(List.of("links:write"))).get("/api/v1/keys/self").then().statusCode(200)
                .body("scopes", contains("links:write"));
    }

    @Test
    void aVocabularyChangeTakesEffectAtOnce() {
        String links = restricted(List.of("links:write", "links:delete"));
        withKey(links).get("/api/v1/keys/self").then().body("scopes", contains("links:write", "links:delete"));
        String pk = app.getString("keys.live.publishable_key");
        withKey(pk).get("/api/v1/keys/self").then().body("scopes", contains("visitors:identify"));

        Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of("links:write", "visitors:identify", "visitors:read_self"),
                        "publishable_scopes", List.of("visitors:identify", "visitors:read_self")))
                .patch("/api/v1/applications/" + appId).then().statusCode(200);
        // the cached keys see the new vocabulary in the very next request
        withKey(links).get("/api/v1/keys/self").then().body("scopes", contains("links:write"));
        withKey(pk).get("/api/v1/keys/self").then().body("scopes", contains("visitors:identify", "visitors:read_self"));
    }

    @Test
    void aKeysScopesCanBeChangedAndRestored() {
        String keyId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then().extract().jsonPath()
                .getString("data.find { it.type == 'sk' && it.environment == 'live' }.id");
        String sk = app.getString("keys.live.secret_key");
        String path = "/api/v1/applications/" + appId + "/keys/" + keyId;
        Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of("links:read"))).patch(path).then().statusCode(200)
                .body("scopes", contains("links:read"));
        withKey(sk).get("/api/v1/keys/self").then().body("scopes", contains("links:read"));
        Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of())).patch(path).then().statusCode(200);
        withKey(sk).get("/api/v1/keys/self").then().body("scopes", empty());
        Api.asTenantAdmin(tenant).body("{\"scopes\": null}").patch(path).then().statusCode(200).body("scopes", nullValue());
        withKey(sk).get("/api/v1/keys/self").then().body("scopes", equalTo(VOCABULARY));
    }

    @Test
    void badScopesAreClientErrorsAndChangeNothing() {
        String path = "/api/v1/applications/" + appId;
        for (Map<String, ?> body : List.<Map<String, ?>>of(
                Map.of("scopes", List.of("Links:Read")),
                Map.of("scopes", List.of("links")),
                Map.of("scopes", List.of("links:read:all")),
                Map.of("scopes", List.of("links:write"), "publishable_scopes", List.of("links:read")),
                Map.of("publishable_scopes", List.of("billing:read")))) {
            Api.asTenantAdmin(tenant).body(body).patch(path).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(tenant).get(path).then().body("scopes", equalTo(VOCABULARY))
                .body("publishable_scopes", contains("visitors:identify"));

        String keys = path + "/keys";
        Api.asTenantAdmin(tenant).body(Map.of("name", "x", "environment", "live", "scopes", List.of("billing:read")))
                .post(keys).then().statusCode(400);
        Api.asTenantAdmin(tenant).body(Map.of("name", "x", "environment", "live", "scopes", List.of("NOT A SCOPE")))
                .post(keys).then().statusCode(400);
        String pkId = Api.asTenantAdmin(tenant).get(keys).then().extract().jsonPath()
                .getString("data.find { it.type == 'pk' && it.environment == 'live' }.id");
        Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of("links:read"))).patch(keys + "/" + pkId).then().statusCode(400);
        Api.asTenantAdmin(tenant).body("{\"scopes\": \"links:read\"}").patch(keys + "/" + pkId).then().statusCode(400);
    }
}
