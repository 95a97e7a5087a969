package dev.latchkey.application;

import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.FromAddress;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 8: meta, external ids, suspension, address allowlists, publishable keys' meta, suspension and rotation. */
@QuarkusTest
class KeyLifecycleTest {

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    private String keys() {
        return "/api/v1/applications/" + app.id() + "/keys";
    }

    private JsonPath createKey(Map<String, ?> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "backend", "environment", "live"));
        body.putAll(fields);
        return Api.asTenantAdmin(app.tenant()).body(body).post(keys()).then().statusCode(201).extract().jsonPath();
    }

    private ValidatableResponse patch(String keyId, Map<String, ?> fields) {
        return Api.asTenantAdmin(app.tenant()).body(fields).patch(keys() + "/" + keyId).then();
    }

    private ValidatableResponse verify(Map<String, ?> body) {
        return withKey(app.secretKey()).body(body).post("/api/v1/keys/verify").then().statusCode(200);
    }

    private String publishableKeyId() {
        return (String) database.rows("select id::text from api_key where application_id = ?::uuid and type = 'PUBLISHABLE' "
                + "and environment = 'LIVE' and is_primary", app.id()).getFirst().getFirst();
    }

    @Test
    void metaAndExternalIdAreStoredListedAndShownByTheKeyPlane() {
        JsonPath key = createKey(Map.of("meta", Map.of("plan", "pro", "seats", 5), "external_id", "cus_123"));
        createKey(Map.of("external_id", "cus_999"));
        assertEquals("pro", key.getString("meta.plan"));
        assertEquals("cus_123", key.getString("external_id"));
        String secret = key.getString("secret_key");

        Api.asTenantAdmin(app.tenant()).queryParam("external_id", "cus_123").get(keys()).then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].id", equalTo(key.getString("id")))
                .body("data[0].meta.seats", equalTo(5)).body("data[0].enabled", equalTo(true))
                .body("data[0].ip_allowlist", nullValue());
        Api.asTenantAdmin(app.tenant()).queryParam("external_id", "nobody").get(keys()).then().statusCode(200)
                .body("data.size()", equalTo(0));
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200)
                .body("key_id", equalTo(key.getString("id"))).body("name", equalTo("backend"))
                .body("meta.plan", equalTo("pro")).body("external_id", equalTo("cus_123")).body("credits", nullValue());
        verify(Map.of("key", secret)).body("code", equalTo("VALID")).body("key_id", equalTo(key.getString("id")))
                .body("name", equalTo("backend")).body("meta.plan", equalTo("pro")).body("external_id", equalTo("cus_123"))
                .body("enabled", equalTo(true)).body("credits", nullValue());

        patch(key.getString("id"), new HashMap<>(Map.of("meta", Map.of("plan", "team")))).statusCode(200)
                .body("meta.plan", equalTo("team")).body("external_id", equalTo("cus_123"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("meta", null);
        clear.put("external_id", null);
        patch(key.getString("id"), clear).statusCode(200).body("meta", nullValue()).body("external_id", nullValue());
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200).body("meta", nullValue());
    }

    @Test
    void aSuspendedKeyIsRefusedUntilEnabledAgainAndTheAuditSaysWhatChanged() {
        JsonPath key = createKey(Map.of());
        String secret = key.getString("secret_key");
        patch(key.getString("id"), Map.of("enabled", false)).statusCode(200).body("enabled", equalTo(false));
        withKey(secret).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_disabled"));
        verify(Map.of("key", secret)).body("valid", equalTo(false)).body("code", equalTo("DISABLED"))
                .body("enabled", equalTo(false));
        patch(key.getString("id"), Map.of("enabled", true)).statusCode(200).body("enabled", equalTo(true));
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200);

        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/audit-log").then().statusCode(200)
                .body("data.findAll { it.action == 'key.update' }.changes", equalTo(List.of(List.of("enabled"), List.of("enabled"))));
        // created disabled: refused from the start
        String dormant = createKey(Map.of("enabled", false)).getString("secret_key");
        withKey(dormant).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_disabled"));
    }

    @Test
    void anAllowlistedKeyAnswersOnlyFromItsAddressesAndTheTrustedProxysClient() {
        String inside = createKey(Map.of("ip_allowlist", List.of("127.0.0.1", "10.0.0.0/8"))).getString("secret_key");
        String elsewhere = createKey(Map.of("ip_allowlist", List.of("192.0.2.0/24", "2001:db8::/32"))).getString("secret_key");
        assertEquals(200, FromAddress.of("127.0.0.1").getWithKey("/api/v1/keys/self", inside).statusCode());
        assertEquals(403, FromAddress.of("127.0.0.3").getWithKey("/api/v1/keys/self", inside).statusCode());
        var refused = FromAddress.of("127.0.0.1").getWithKey("/api/v1/keys/self", elsewhere);
        assertEquals(403, refused.statusCode());
        assertEquals("ip_not_allowed", JsonPath.from(refused.body()).getString("error"));
        // a spoofed X-Forwarded-For from an untrusted peer is ignored
        assertEquals(403, FromAddress.of("127.0.0.1").send(FromAddress.of("127.0.0.1").request("/api/v1/keys/self")
                .header("x-api-key", elsewhere).header("X-Forwarded-For", "192.0.2.7")).statusCode());
        // the trusted proxy (127.0.0.2) vouches for its client
        FromAddress proxy = FromAddress.of("127.0.0.2");
        assertEquals(200, proxy.send(proxy.request("/api/v1/keys/self").header("x-api-key", elsewhere)
                .header("X-Forwarded-For", "192.0.2.7")).statusCode());
        assertEquals(403, proxy.send(proxy.request("/api/v1/keys/self").header("x-api-key", elsewhere)
                .header("X-Forwarded-For", "198.51.100.7")).statusCode());

        verify(Map.of("key", elsewhere, "ip", "192.0.2.200")).body("code", equalTo("VALID"));
        verify(Map.of("key", elsewhere, "ip", "2001:db8::1")).body("code", equalTo("VALID"));
        verify(Map.of("key", elsewhere, "ip", "2001:db9::1")).body("code", equalTo("IP_NOT_ALLOWED"));
        verify(Map.of("key", elsewhere)).body("code", equalTo("IP_NOT_ALLOWED"));
        withKey(app.secretKey()).body(Map.of("key", elsewhere, "ip", "1.2.3")).post("/api/v1/keys/verify").then()
                .statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void publishableKeysTakeMetaAndSuspensionAndCanBeRotated() {
        String keyId = publishableKeyId();
        patch(keyId, Map.of("meta", Map.of("site", "shop"), "enabled", false)).statusCode(200).body("meta.site", equalTo("shop"));
        withKey(app.publishableKey()).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_disabled"));
        given().contentType(ContentType.JSON).body(Map.of("publishable_key", app.publishableKey())).post("/api/v1/auth/identify")
                .then().statusCode(401).body("error", equalTo("api_key_disabled"));
        patch(keyId, Map.of("enabled", true)).statusCode(200);
        patch(keyId, Map.of("ip_allowlist", List.of("10.0.0.0/8"))).statusCode(400).body("message", equalTo(
                "ip_allowlist: secret keys only (publishable keys are used from any browser)"));
        patch(keyId, Map.of("external_id", "x")).statusCode(400);

        JsonPath rotated = Api.asTenantAdmin(app.tenant()).body(Map.of("environment", "live", "type", "publishable"))
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(200)
                .body("secret_key", nullValue()).extract().jsonPath();
        String fresh = rotated.getString("publishable_key");
        withKey(fresh).get("/api/v1/keys/self").then().statusCode(200).body("type", equalTo("pk")).body("meta.site", equalTo("shop"));
        withKey(app.publishableKey()).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_revoked"));
        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id()).then().statusCode(200)
                .body("keys.live.publishable_key", equalTo(fresh));
        Api.asTenantAdmin(app.tenant()).body(Map.of("type", "public"))
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(400);
    }

    @Test
    void badFieldsAreRefusedByNameAndStoreNothing() {
        long before = database.count("select count(*) from api_key where application_id = ?::uuid", app.id());
        Map<String, Object> twoKiB = Map.of("blob", "x".repeat(2048));
        List<Map<String, ?>> bad = List.of(
                Map.of("meta", twoKiB), Map.of("meta", List.of(1, 2)), Map.of("meta", "plan"),
                Map.of("external_id", "e".repeat(256)), Map.of("external_id", ""), Map.of("external_id", 7),
                Map.of("enabled", "no"),
                Map.of("ip_allowlist", List.of("10.0.0.0/33")), Map.of("ip_allowlist", List.of("::1/129")),
                Map.of("ip_allowlist", List.of("1.2.3")), Map.of("ip_allowlist", "10.0.0.1"),
                Map.of("ip_allowlist", IntStream.range(0, 101).mapToObj(i -> "10.0.0." + (i % 250)).toList()));
        for (Map<String, ?> fields : bad) {
            String field = fields.keySet().iterator().next();
            Map<String, Object> body = new HashMap<>(Map.of("name", "bad", "environment", "live"));
            body.putAll(fields);
            Api.asTenantAdmin(app.tenant()).body(body).post(keys()).then().statusCode(400)
                    .body("error", equalTo("invalid_request")).body("message", org.hamcrest.Matchers.startsWith(field + ":"));
        }
        assertEquals(before, database.count("select count(*) from api_key where application_id = ?::uuid", app.id()));

        JsonPath key = createKey(Map.of("meta", Map.of("plan", "pro")));
        for (Map<String, ?> fields : bad) {
            patch(key.getString("id"), fields).statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(app.tenant()).get(keys()).then().statusCode(200)
                .body("data.find { it.id == '" + key.getString("id") + "' }.meta", equalTo(Map.of("plan", "pro")))
                .body("data.find { it.id == '" + key.getString("id") + "' }.enabled", equalTo(true));
        Api.asTenantAdmin(app.tenant()).queryParam("external_id", "e".repeat(256)).get(keys()).then().statusCode(400);
        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/audit-log").then().statusCode(200)
                .body("data.action", hasItems("key.create"));
    }
}
