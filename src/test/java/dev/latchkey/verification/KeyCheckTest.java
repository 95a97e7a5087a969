package dev.latchkey.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-request key check through {@code GET /api/v1/keys/self}: every outcome of CONTRACT section 4. */
@QuarkusTest
class KeyCheckTest {

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create(Map.of("name", "Checked", "allowed_origins", List.of("https://app.example.com")));
    }

    private static ValidatableResponse self(String key) {
        return given().header("x-api-key", key).get("/api/v1/keys/self").then();
    }

    private String extraKey(Map<String, ?> body) {
        return Api.asTenantAdmin(app.tenant()).body(body)
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("secret_key");
    }

    private static void failsWith(ValidatableResponse response, int status, String error) {
        response.statusCode(status).body("success", equalTo(false)).body("error", equalTo(error));
    }

    @Test
    void secretKeyIntrospectsItself() {
        self(app.secretKey()).statusCode(200)
                .body("type", equalTo("sk"))
                .body("environment", equalTo("live"))
                .body("application_id", equalTo(app.id()))
                .body("tenant_id", equalTo(app.tenant()))
                .body("permissions.data", equalTo("write"))
                .body("permissions.keys", equalTo("read"))
                .body("expires_at", nullValue());
    }

    @Test
    void bearerCarriesKeysToo() {
        given().header("Authorization", "Bearer " + app.json().getString("keys.test.secret_key"))
                .get("/api/v1/keys/self").then().statusCode(200).body("environment", equalTo("test"));
        given().header("Authorization", "Bearer " + app.json().getString("keys.test.publishable_key"))
                .get("/api/v1/keys/self").then().statusCode(200).body("type", equalTo("pk"))
                .body("permissions.data", equalTo("read")).body("permissions.users", equalTo("none"));
    }

    @Test
    void noKeyIsMissingCredentials() {
        failsWith(given().get("/api/v1/keys/self").then(), 401, "missing_credentials");
        failsWith(given().auth().oauth2(dev.latchkey.support.AdminTokens.tenantAdmin(app.tenant()))
                .get("/api/v1/keys/self").then(), 401, "missing_credentials");
    }

    @Test
    void malformedKeysAreInvalidBeforeAnyLookup() {
        String good = app.secretKey();
        for (String bad : List.of("hello", "sk_live_", good + "x", good.substring(0, 45) + (good.endsWith("A") ? "B" : "A"),
                "sk_prod_" + good.substring(8), "x".repeat(10_000))) {
            failsWith(self(bad), 401, "invalid_api_key");
        }
    }

    @Test
    void unknownWellFormedKeyIsInvalid() {
        failsWith(self(ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE)), 401, "invalid_api_key");
    }

    @Test
    void revokedKeyIsRevoked() {
        String key = extraKey(Map.of("name", "short-lived", "environment", "live"));
        self(key).statusCode(200);
        String keyId = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then()
                .extract().path("data.find { it.name == 'short-lived' }.id");
        Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id() + "/keys/" + keyId).then().statusCode(200);
        failsWith(self(key), 401, "api_key_revoked");
    }

    @Test
    void rotatedKeyIsRevokedAtOnceWithoutGraceAndLaterWithGrace() {
        String live = app.secretKey();
        String fresh = Api.asTenantAdmin(app.tenant()).post("/api/v1/settings/applications/" + app.id() + "/rotate-secret")
                .then().statusCode(200).extract().path("secret_key");
        failsWith(self(live), 401, "api_key_revoked");
        self(fresh).statusCode(200);

        String test = app.json().getString("keys.test.secret_key");
        Api.asTenantAdmin(app.tenant()).body(Map.of("environment", "test", "grace_period_seconds", 600))
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(200).extract().path("secret_key");
        self(test).statusCode(200);
    }

    @Test
    void concurrentRotationsAreSerializedAndLeaveOneWorkingKey() throws Exception {
        List<String> minted = new java.util.ArrayList<>();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<io.restassured.response.Response>> rotations = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                rotations.add(threads.submit(() -> Api.asTenantAdmin(app.tenant())
                        .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").andReturn()));
            }
            for (var rotation : rotations) {
                io.restassured.response.Response answer = rotation.get();
                org.junit.jupiter.api.Assertions.assertEquals(200, answer.statusCode(), answer.asString());
                minted.add(answer.path("secret_key"));
            }
        }
        // one after the other: exactly one of the four (the last) still works, like the primary it is
        long working = minted.stream().filter(key -> self(key).extract().statusCode() == 200).count();
        org.junit.jupiter.api.Assertions.assertEquals(1, working);
        org.junit.jupiter.api.Assertions.assertEquals(1, (int) Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys")
                .then().extract().jsonPath().getList("data.findAll { it.type == 'sk' && it.environment == 'live' && it.revoked_at == null }").size());
    }

    @Test
    void expiredKeyIsExpired() {
        Instant expiry = Instant.now().plusSeconds(2);
        String key = extraKey(Map.of("name", "expiring", "environment", "live", "expires_at", expiry.toString()));
        self(key).statusCode(200).body("expires_at", org.hamcrest.Matchers.notNullValue());
        org.awaitility.Awaitility.await("the key expires").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> self(key).extract().statusCode() == 401);
        failsWith(self(key), 401, "api_key_expired");
        org.junit.jupiter.api.Assertions.assertFalse(Instant.now().isBefore(expiry), "not before its expires_at");
    }

    @Test
    void secretKeyFromABrowserIsRefused() {
        String secret = app.secretKey();
        failsWith(given().header("x-api-key", secret).header("Origin", "https://app.example.com")
                .get("/api/v1/keys/self").then(), 401, "secret_key_in_browser");
        failsWith(given().header("x-api-key", secret).header("Sec-Fetch-Site", "same-origin")
                .get("/api/v1/keys/self").then(), 401, "secret_key_in_browser");
        // what Node.js' own fetch sends from a server: no browser
        given().header("x-api-key", secret).header("Sec-Fetch-Mode", "cors").header("Accept", "*/*")
                .header("User-Agent", "node").get("/api/v1/keys/self").then().statusCode(200);
    }

    @Test
    void publishableKeyObeysAllowedOrigins() {
        String publishable = app.publishableKey();
        given().header("x-api-key", publishable).header("Origin", "https://app.example.com")
                .get("/api/v1/keys/self").then().statusCode(200);
        given().header("x-api-key", publishable).get("/api/v1/keys/self").then().statusCode(200);
        failsWith(given().header("x-api-key", publishable).header("Origin", "https://evil.example.com")
                .get("/api/v1/keys/self").then(), 403, "origin_not_allowed");
    }

    @Test
    void keysOfADeletedApplicationStopWorking() {
        String secret = app.secretKey();
        self(secret).statusCode(200);
        Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id()).then().statusCode(204);
        failsWith(self(secret), 401, "invalid_api_key");
    }

    @Test
    void permissionsDecideWhatAKeyMayDo() {
        String unrestricted = app.secretKey();
        String publishable = app.publishableKey();
        String readOnly = extraKey(Map.of("name", "ro", "environment", "live", "permissions", "read_only"));
        String dataOnly = extraKey(Map.of("name", "data", "environment", "live", "permissions", Map.of("data", "write")));

        given().header("x-api-key", unrestricted).post("/test-probe/data").then().statusCode(200);
        given().header("x-api-key", dataOnly).get("/test-probe/data").then().statusCode(200);
        given().header("x-api-key", readOnly).get("/test-probe/data").then().statusCode(200);
        given().header("x-api-key", publishable).get("/test-probe/data").then().statusCode(200);

        for (String denied : List.of(readOnly, publishable)) {
            given().header("x-api-key", denied).post("/test-probe/data").then().statusCode(403)
                    .body("error", equalTo("insufficient_permissions"))
                    .body("required_permission", equalTo("data:write"));
        }
        given().header("x-api-key", dataOnly).get("/test-probe/analytics").then().statusCode(403)
                .body("required_permission", equalTo("analytics:read"));
        failsWith(given().get("/test-probe/data").then(), 401, "missing_credentials");
    }

    /** A key's permission is checked before its request's body is read: without it, the body's rules stay unseen. */
    @Test
    void thePermissionIsCheckedBeforeTheBody() {
        String readOnly = extraKey(Map.of("name", "ro", "environment", "live", "permissions", "read_only"));
        given().header("x-api-key", app.publishableKey()).contentType("application/json").body("{}")
                .post("/api/v1/keys/verify").then().statusCode(403).body("required_permission", equalTo("keys:read"));
        given().header("x-api-key", readOnly).contentType("application/json").body("{")
                .post("/api/userAuth/signup").then().statusCode(403).body("required_permission", equalTo("users:write"));
    }

    /** The key plane's endpoints take API keys only: an admin token there is no credential they accept. */
    @Test
    void anAdminTokenIsNoApiKey() {
        for (String path : List.of("/api/v1/keys/self", "/api/data/notes", "/api/userAuth/me")) {
            failsWith(Api.asTenantAdmin(app.tenant()).get(path).then(), 401, "missing_credentials");
        }
        failsWith(Api.asTenantAdmin(app.tenant()).body(Map.of("key", app.secretKey())).post("/api/v1/keys/verify").then(),
                401, "missing_credentials");
        failsWith(Api.asTenantAdmin(app.tenant()).post("/api/v1/auth/token").then(), 401, "missing_credentials");
    }

    @Test
    void apiKeysCannotManageApplications() {
        given().header("x-api-key", app.secretKey()).get("/api/v1/applications/" + app.id())
                .then().statusCode(403).body("error", equalTo("insufficient_permissions"));
    }

    @Test
    void lastUsedIsRecordedWithinSeconds() {
        String keysPath = "/api/v1/applications/" + app.id() + "/keys";
        String find = "data.find { it.type == 'sk' && it.environment == 'live' }.last_used_at";
        org.junit.jupiter.api.Assertions.assertNull(Api.asTenantAdmin(app.tenant()).get(keysPath).then().extract().path(find));
        Instant before = Instant.now().minusSeconds(1);
        self(app.secretKey()).statusCode(200);
        String lastUsed = org.awaitility.Awaitility.await("last_used_at recorded").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> Api.asTenantAdmin(app.tenant()).get(keysPath).then().extract().<String>path(find), java.util.Objects::nonNull);
        org.junit.jupiter.api.Assertions.assertTrue(Instant.parse(lastUsed).isAfter(before));
        org.junit.jupiter.api.Assertions.assertNull(Api.asTenantAdmin(app.tenant()).get(keysPath).then()
                .extract().path("data.find { it.type == 'sk' && it.environment == 'test' }.last_used_at"), "unused keys stay null");
    }
}
