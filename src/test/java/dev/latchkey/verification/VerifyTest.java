package dev.latchkey.verification;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /api/v1/keys/verify, one code at a time, asked by the application's own backend. */
@QuarkusTest
class VerifyTest {

    private String tenant;
    private String appId;
    private JsonPath app;
    private String backend;

    @BeforeEach
    void application() {
        tenant = Api.createTenant();
        app = Api.createApplication(tenant, Map.of("name", "Links", "allowed_origins", List.of("https://links.example.com")));
        appId = app.getString("id");
        backend = app.getString("keys.live.secret_key");
        Api.asTenantAdmin(tenant).body(Map.of("scopes", ScopesTest.VOCABULARY, "publishable_scopes", List.of("visitors:identify")))
                .patch("/api/v1/applications/" + appId).then().statusCode(200);
    }

    private ValidatableResponse verify(Map<String, ?> body) {
        return withKey(backend).body(body).post("/api/v1/keys/verify").then().statusCode(200);
    }

    private String key(Map<String, ?> body) {
        return Api.asTenantAdmin(tenant).body(body).post("/api/v1/applications/" + appId + "/keys")
                .then().statusCode(201).extract().path("secret_key");
    }

    @Test
    void aValidKeyWithTheScopesItHolds() {
        String bot = key(Map.of("name", "bot", "environment", "live", "scopes", List.of("links:write"),
                "rate_limit", Map.of("limit", 10, "window_seconds", 60)));
        verify(Map.of("key", bot, "scopes", List.of("links:write", "data:write"))).body("valid", equalTo(true))
                .body("code", equalTo("VALID"))
                .body("type", equalTo("sk"))
                .body("environment", equalTo("live"))
                .body("application_id", equalTo(appId))
                .body("tenant_id", equalTo(tenant))
                .body("scopes", contains("links:write"))
                .body("expires_at", nullValue())
                .body("ratelimit.limit", equalTo(10))
                .body("ratelimit.remaining", equalTo(9))
                .body("ratelimit.reset", notNullValue());
        verify(Map.of("key", app.getString("keys.live.publishable_key"), "scopes", List.of("visitors:identify"),
                "origin", "https://links.example.com")).body("code", equalTo("VALID")).body("type", equalTo("pk"));
    }

    @Test
    void scopesTheKeyLacks() {
        String bot = key(Map.of("name", "bot", "environment", "live", "scopes", List.of("links:write")));
        verify(Map.of("key", bot, "scopes", List.of("links:delete"))).body("valid", equalTo(false))
                .body("code", equalTo("INSUFFICIENT_SCOPES")).body("scopes", contains("links:write"));
        String readOnly = key(Map.of("name", "reports", "environment", "live", "permissions", "read_only"));
        verify(Map.of("key", readOnly, "scopes", List.of("data:write"))).body("code", equalTo("INSUFFICIENT_SCOPES"));
        verify(Map.of("key", app.getString("keys.live.publishable_key"), "scopes", List.of("links:write")))
                .body("code", equalTo("INSUFFICIENT_SCOPES"));
        verify(Map.of("key", bot, "scopes", List.of("unknown:scope"))).body("code", equalTo("INSUFFICIENT_SCOPES"));
    }

    @Test
    void unknownMalformedAndOtherApplicationsKeysAreInvalidAlike() {
        JsonPath other = Api.createApplication(Api.createTenant());
        for (String key : List.of("garbage", "sk_live_" + "a".repeat(38), other.getString("keys.live.secret_key"),
                other.getString("keys.live.publishable_key"))) {
            verify(Map.of("key", key)).body("valid", equalTo(false)).body("code", equalTo("INVALID"))
                    .body("application_id", nullValue()).body("type", nullValue()).body("scopes", nullValue());
        }
        // nothing is recorded on the other application's keys: once its own check shows in its usage,
        // the verifications before it would have been flushed too
        withKey(other.getString("keys.live.secret_key")).get("/api/v1/keys/self").then().statusCode(200);
        String otherApp = "/api/v1/applications/" + other.getString("id") + "/usage";
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(List.of(Map.of("ok", 1)),
                Api.asTenantAdmin(other.getString("tenant_id")).get(otherApp).then().statusCode(200).extract().jsonPath()
                        .getList("data.outcomes")));
    }

    @Test
    void theOtherEnvironmentsKeysAreInvalidAlike() {
        // the live backend may not judge (nor spend the budget of) its own application's test keys
        for (String key : List.of(app.getString("keys.test.secret_key"), app.getString("keys.test.publishable_key"))) {
            verify(Map.of("key", key)).body("valid", equalTo(false)).body("code", equalTo("INVALID"))
                    .body("application_id", nullValue()).body("environment", nullValue()).body("type", nullValue())
                    .body("ratelimit", nullValue());
        }
        // nor the test backend the live ones
        withKey(app.getString("keys.test.secret_key")).body(Map.of("key", backend)).post("/api/v1/keys/verify").then()
                .statusCode(200).body("code", equalTo("INVALID")).body("environment", nullValue());
    }

    @Test
    void revokedExpiredAndRateLimitedKeys() {
        String doomed = key(Map.of("name", "doomed", "environment", "live"));
        String doomedId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then().extract().jsonPath()
                .getString("data.find { it.name == 'doomed' }.id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + doomedId).then().statusCode(200);
        verify(Map.of("key", doomed)).body("valid", equalTo(false)).body("code", equalTo("REVOKED"));

        String shortLived = key(Map.of("name", "short", "environment", "live", "expires_at", Instant.now().plusSeconds(2).toString()));
        verify(Map.of("key", shortLived)).body("code", equalTo("VALID"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() ->
                "EXPIRED".equals(withKey(backend).body(Map.of("key", shortLived)).post("/api/v1/keys/verify").then()
                        .extract().path("code")));

        String once = key(Map.of("name", "once", "environment", "live", "rate_limit", Map.of("limit", 1, "window_seconds", 3600)));
        verify(Map.of("key", once)).body("code", equalTo("VALID")).body("ratelimit.remaining", equalTo(0));
        verify(Map.of("key", once)).body("valid", equalTo(false)).body("code", equalTo("RATE_LIMITED"))
                .body("ratelimit.remaining", equalTo(0));
    }

    @Test
    void originsAndBrowsers() {
        String pk = app.getString("keys.live.publishable_key");
        verify(Map.of("key", pk, "origin", "https://evil.example.com")).body("code", equalTo("ORIGIN_NOT_ALLOWED"));
        verify(Map.of("key", app.getString("keys.live.secret_key"), "origin", "https://links.example.com"))
                .body("valid", equalTo(false)).body("code", equalTo("SECRET_KEY_IN_BROWSER"));
    }

    @Test
    void onlyTheApplicationsSecretKeyMayAsk() {
        withKey(app.getString("keys.live.publishable_key")).body(Map.of("key", backend)).post("/api/v1/keys/verify").then()
                .statusCode(403).body("error", equalTo("insufficient_permissions")).body("required_permission", equalTo("keys:read"));
        String dataOnly = key(Map.of("name", "data", "environment", "live", "permissions", Map.of("data", "write")));
        withKey(dataOnly).body(Map.of("key", backend)).post("/api/v1/keys/verify").then().statusCode(403)
                .body("required_permission", equalTo("keys:read"));
        withKey(backend).body(Map.of("scopes", List.of("links:read"))).post("/api/v1/keys/verify").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        withKey(backend).body("[]").post("/api/v1/keys/verify").then().statusCode(400);
        withKey(backend).post("/api/v1/keys/verify").then().statusCode(400);
    }
}
