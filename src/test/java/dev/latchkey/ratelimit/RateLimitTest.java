package dev.latchkey.ratelimit;

import dev.latchkey.common.RedisKeys;
import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.FromAddress;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets as a client sees them: the RateLimit headers, 429 with Retry-After, defaults and per-key limits. */
@QuarkusTest
class RateLimitTest {

    @Inject
    RedisDataSource redis;

    private String tenant;
    private String appId;
    private JsonPath app;

    @BeforeEach
    void newApplication() {
        tenant = Api.createTenant();
        app = Api.createApplication(tenant);
        appId = app.getString("id");
    }

    private static ExtractableResponse<Response> self(String key) {
        return withKey(key).get("/api/v1/keys/self").then().extract();
    }

    private String keyWithLimit(int limit, int windowSeconds) {
        return Api.asTenantAdmin(tenant)
                .body(Map.of("name", "limited", "environment", "live", "rate_limit", Map.of("limit", limit, "window_seconds", windowSeconds)))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().path("secret_key");
    }

    @Test
    void everyKeyPlaneAnswerCarriesTheHeadersAndTestKeysHaveALowerDefault() {
        ExtractableResponse<Response> live = self(app.getString("keys.live.secret_key"));
        assertEquals(200, live.statusCode());
        assertEquals("2000", live.header("RateLimit-Limit"));
        assertTrue(Long.parseLong(live.header("RateLimit-Remaining")) < 2000);
        assertEquals("1", live.header("RateLimit-Reset"));
        ExtractableResponse<Response> test = self(app.getString("keys.test.secret_key"));
        assertEquals("1000", test.header("RateLimit-Limit"));
        // publishable keys too, on identify and on the data API
        String pk = app.getString("keys.live.publishable_key");
        ExtractableResponse<Response> identify = io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("publishable_key", pk)).post("/api/v1/auth/identify").then().statusCode(200).extract();
        assertEquals("2000", identify.header("RateLimit-Limit"));
        assertEquals("2000", withKey(pk).get("/api/data/things").then().statusCode(200).extract().header("RateLimit-Limit"));
    }

    @Test
    void aPublishableKeysBudgetIsPerClientAddress() {
        String pk = app.getString("keys.live.publishable_key");
        String pkId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then().extract().jsonPath()
                .getString("data.find { it.type == 'pk' && it.environment == 'live' }.id");
        Api.asTenantAdmin(tenant).body(Map.of("rate_limit", Map.of("limit", 3, "window_seconds", 60)))
                .patch("/api/v1/applications/" + appId + "/keys/" + pkId).then().statusCode(200);
        FromAddress abuser = FromAddress.of("127.0.0.7");
        for (int i = 0; i < 3; i++) {
            assertEquals(200, abuser.getWithKey("/api/data/things", pk).statusCode());
        }
        assertEquals(429, abuser.getWithKey("/api/data/things", pk).statusCode());
        // every other browser of the application keeps its own budget
        java.net.http.HttpResponse<String> other = FromAddress.of("127.0.0.8").getWithKey("/api/data/things", pk);
        assertEquals(200, other.statusCode());
        assertEquals("2", other.headers().firstValue("RateLimit-Remaining").orElseThrow());
    }

    @Test
    void aKeysOwnLimitIsEnforcedWithRetryAfter() {
        String key = keyWithLimit(3, 60);
        for (int i = 2; i >= 0; i--) {
            ExtractableResponse<Response> answer = self(key);
            assertEquals(200, answer.statusCode());
            assertEquals("3", answer.header("RateLimit-Limit"));
            assertEquals(String.valueOf(i), answer.header("RateLimit-Remaining"));
        }
        ExtractableResponse<Response> refused = withKey(key).get("/api/v1/keys/self").then().statusCode(429)
                .body("success", equalTo(false)).body("error", equalTo("rate_limited")).extract();
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 120, "Retry-After within the window and the next: " + retryAfter);
        assertEquals("0", refused.header("RateLimit-Remaining"));
        assertEquals("3", refused.header("RateLimit-Limit"));
        // every key has its own budget
        assertEquals(200, self(app.getString("keys.live.secret_key")).statusCode());
    }

    @Test
    void anUpdateChangesTheLimitAtOnceAndNullRestoresTheDefault() {
        String pk = app.getString("keys.live.publishable_key");
        String pkId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then().extract().jsonPath()
                .getString("data.find { it.type == 'pk' && it.environment == 'live' }.id");
        assertEquals("2000", self(pk).header("RateLimit-Limit"));

        Api.asTenantAdmin(tenant).body(Map.of("rate_limit", Map.of("limit", 2, "window_seconds", 60)))
                .patch("/api/v1/applications/" + appId + "/keys/" + pkId).then().statusCode(200)
                .body("rate_limit.limit", equalTo(2)).body("rate_limit.window_seconds", equalTo(60));
        assertEquals(200, self(pk).statusCode());
        assertEquals(200, self(pk).statusCode());
        assertEquals(429, self(pk).statusCode());

        Api.asTenantAdmin(tenant).body("{\"rate_limit\": null}")
                .patch("/api/v1/applications/" + appId + "/keys/" + pkId).then().statusCode(200)
                .body("rate_limit", nullValue());
        ExtractableResponse<Response> restored = self(pk);
        assertEquals(200, restored.statusCode());
        assertEquals("2000", restored.header("RateLimit-Limit"));
    }

    @Test
    void badUpdatesAreClientErrors() {
        String keyId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then().extract().jsonPath()
                .getString("data[0].id");
        String path = "/api/v1/applications/" + appId + "/keys/" + keyId;
        for (String body : new String[] {
                "{\"rate_limit\": {\"limit\": 0, \"window_seconds\": 60}}",
                "{\"rate_limit\": {\"limit\": 10}}",
                "{\"rate_limit\": {\"limit\": 10, \"window_seconds\": 86401}}",
                "{\"rate_limit\": {\"limit\": 1.5, \"window_seconds\": 60}}",
                "{\"rate_limit\": {\"limit\": 10, \"window_seconds\": 60, \"burst\": 2}}",
                "{\"rate_limit\": 5}",
                "{\"name\": \"   \"}",
                "{\"permissions\": \"all\"}"}) {
            Api.asTenantAdmin(tenant).body(body).patch(path).then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(tenant).body(Map.of("name", "renamed")).patch(path).then().statusCode(200)
                .body("name", equalTo("renamed"));
        Api.asTenantAdmin(tenant).body(Map.of("name", "x")).patch("/api/v1/applications/" + appId + "/keys/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404);
        withKey(app.getString("keys.live.secret_key")).body(Map.of("name", "mine")).patch(path).then().statusCode(403);
    }

    /**
     * The previous window's requests weigh what still lies within the last hour; a fraction of one
     * counts as a whole one, so a budget of 1 spent in the previous window admits nothing yet.
     */
    @Test
    void aPreviousWindowsRequestStillCountsWhilePartlyWithinTheWindow() {
        long windowMillis = 3_600_000;
        JsonPath created = Api.asTenantAdmin(tenant)
                .body(Map.of("name", "hourly", "environment", "live", "rate_limit", Map.of("limit", 1, "window_seconds", 3600)))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().jsonPath();
        String key = created.getString("secret_key");
        long previousWindow = System.currentTimeMillis() / windowMillis - 1;
        redis.value(Long.class).setex(RedisKeys.rateWindow("key:" + created.getString("id"), previousWindow), 7200, 1L);

        ExtractableResponse<Response> refused = self(key);
        assertEquals(429, refused.statusCode());
        assertEquals("0", refused.header("RateLimit-Remaining"));
    }
}
