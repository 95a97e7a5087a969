package dev.latchkey.usage;

import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every check of a key is counted per day and outcome, and read back after the next flush. */
@QuarkusTest
class UsageTest {

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create(Map.of("name", "Counted", "allowed_origins", List.of("https://ok.example.com")));
    }

    private String extraKey(Map<String, ?> body) {
        return Api.asTenantAdmin(app.tenant()).body(body)
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("secret_key");
    }

    private JsonPath usage() {
        return Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/usage").then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Integer> outcomes(JsonPath usage, String keyId) {
        return usage.getMap("data.find { it.key_id == '" + keyId + "' }.outcomes");
    }

    @Test
    void checksAreCountedPerKeyAndOutcome() {
        String sk = app.secretKey();
        String pk = app.publishableKey();
        String limited = extraKey(Map.of("name", "limited", "environment", "live",
                "rate_limit", Map.of("limit", 1, "window_seconds", 3600)));
        String revoked = extraKey(Map.of("name", "revoked", "environment", "live"));
        String noData = extraKey(Map.of("name", "no data", "environment", "live", "permissions", Map.of("analytics", "read")));

        withKey(sk).get("/api/v1/keys/self").then().statusCode(200);
        withKey(sk).get("/api/data/things").then().statusCode(200);
        withKey(sk).get("/api/data/things/00000000-0000-7000-8000-000000000000").then().statusCode(404);
        withKey(limited).get("/api/v1/keys/self").then().statusCode(200);
        withKey(limited).get("/api/v1/keys/self").then().statusCode(429);
        withKey(noData).get("/api/data/things").then().statusCode(403);
        withKey(pk).header("Origin", "https://evil.example.com").get("/api/data/things").then().statusCode(403)
                .body("error", equalTo("origin_not_allowed"));
        withKey(revoked).get("/api/v1/keys/self").then().statusCode(200);
        JsonPath keys = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().extract().jsonPath();
        String revokedId = keys.getString("data.find { it.name == 'revoked' }.id");
        Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id() + "/keys/" + revokedId).then().statusCode(200);
        withKey(revoked).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_revoked"));

        String skId = keys.getString("data.find { it.type == 'sk' && it.environment == 'live' && it.primary }.id");
        String pkId = keys.getString("data.find { it.type == 'pk' && it.environment == 'live' }.id");
        String limitedId = keys.getString("data.find { it.name == 'limited' }.id");
        String noDataId = keys.getString("data.find { it.name == 'no data' }.id");
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath usage = usage();
            assertEquals(Map.of("ok", 3), outcomes(usage, skId));
            assertEquals(Map.of("ok", 1, "rate_limited", 1), outcomes(usage, limitedId));
            assertEquals(Map.of("forbidden", 1), outcomes(usage, noDataId));
            assertEquals(Map.of("origin_not_allowed", 1), outcomes(usage, pkId));
            assertEquals(Map.of("ok", 1, "revoked", 1), outcomes(usage, revokedId));
        });
        JsonPath usage = usage();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertEquals(today, usage.getString("to"));
        assertEquals(today, usage.getString("data.find { it.key_id == '" + skId + "' }.day"));
        assertEquals(3, usage.getInt("data.find { it.key_id == '" + skId + "' }.total"));
        assertEquals("live", usage.getString("data.find { it.key_id == '" + skId + "' }.environment"));
    }

    @Test
    void aSecretKeyWithAnalyticsReadSeesItsOwnEnvironmentOnly() {
        String liveSk = app.secretKey();
        String testSk = app.json().getString("keys.test.secret_key");
        withKey(liveSk).get("/api/v1/keys/self").then().statusCode(200);
        withKey(testSk).get("/api/v1/keys/self").then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(List.of("live", "test"), usage().getList("data.environment").stream().distinct().sorted().toList()));

        JsonPath seenByTest = withKey(testSk).get("/api/v1/applications/" + app.id() + "/usage").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("test"), seenByTest.getList("data.environment").stream().distinct().toList());

        withKey(app.publishableKey()).get("/api/v1/applications/" + app.id() + "/usage").then()
                .statusCode(403).body("required_permission", equalTo("analytics:read"));
        String dataOnly = extraKey(Map.of("name", "data only", "environment", "live", "permissions", Map.of("data", "write")));
        withKey(dataOnly).get("/api/v1/applications/" + app.id() + "/usage").then().statusCode(403)
                .body("required_permission", equalTo("analytics:read"));
        JsonPath other = Api.createApplication(Api.createTenant());
        withKey(other.getString("keys.live.secret_key")).get("/api/v1/applications/" + app.id() + "/usage").then().statusCode(404);
        given().get("/api/v1/applications/" + app.id() + "/usage").then().statusCode(401);
    }

    @Test
    void datesAreValidated() {
        String path = "/api/v1/applications/" + app.id() + "/usage";
        Api.asTenantAdmin(app.tenant()).queryParam("from", "yesterday").get(path).then().statusCode(400).body("error", equalTo("invalid_request"));
        Api.asTenantAdmin(app.tenant()).queryParam("from", "2026-02-30").get(path).then().statusCode(400);
        Api.asTenantAdmin(app.tenant()).queryParam("from", "2026-03-02").queryParam("to", "2026-03-01").get(path).then().statusCode(400);
        Api.asTenantAdmin(app.tenant()).queryParam("from", "2024-01-01").queryParam("to", "2026-01-01").get(path).then().statusCode(400);
        Api.asTenantAdmin(app.tenant()).queryParam("from", "2026-01-01").queryParam("to", "2026-01-31").get(path).then().statusCode(200)
                .body("from", equalTo("2026-01-01")).body("to", equalTo("2026-01-31")).body("data.size()", equalTo(0));
    }
}
