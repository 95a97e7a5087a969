package dev.latchkey.application;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyResourceTest {

    @Inject
    Database database;

    @ConfigProperty(name = "latchkey.hash.secret")
    String hashSecret;

    private String tenant;
    private String appId;

    private JsonPath newApplication() {
        tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        appId = app.getString("id");
        return app;
    }

    private JsonPath keys() {
        return Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys")
                .then().statusCode(200).extract().jsonPath();
    }

    private JsonPath createKey(Map<String, ?> body) {
        JsonPath key = Api.asTenantAdmin(tenant).body(body).post("/api/v1/applications/" + appId + "/keys")
                .then().statusCode(201).extract().jsonPath();
        return key;
    }

    private byte[] keyedHash(String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(hashSecret), "HmacSHA256"));
        return mac.doFinal(key.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theStoredValueIsTheKeyedHashNotTheKey() throws Exception {
        JsonPath app = newApplication();
        String secret = app.getString("keys.live.secret_key");
        List<List<Object>> rows = database.rows(
                "select key_hash, hash_version, publishable_value, row_to_json(k)::text from api_key k"
                        + " where application_id = ? and type = 'SECRET' and environment = 'LIVE'", UUID.fromString(appId));
        assertEquals(1, rows.size());
        assertArrayEquals(keyedHash(secret), (byte[]) rows.getFirst().get(0));
        assertEquals(1, rows.getFirst().get(1));
        assertEquals(null, rows.getFirst().get(2));
        for (List<Object> row : database.rows("select row_to_json(k)::text from api_key k where application_id = ?",
                UUID.fromString(appId))) {
            String stored = row.getFirst().toString();
            assertFalse(stored.contains(secret.substring(8, 40)), "no column holds any part of the secret");
        }
    }

    @Test
    void listingShowsEveryKeyWithHintsOnly() {
        JsonPath app = newApplication();
        JsonPath keys = keys();
        assertEquals(4, keys.getList("data").size());
        for (Map<String, Object> key : keys.<Map<String, Object>>getList("data")) {
            assertTrue(key.containsKey("id") && key.containsKey("created_at") && key.containsKey("last_used_at")
                    && key.containsKey("expires_at") && key.containsKey("revoked_at") && key.containsKey("permissions"), key.toString());
            assertFalse(key.containsKey("secret_key"), "a listing never carries a secret");
            assertEquals("default", key.get("name"));
        }
        String liveSecret = app.getString("keys.live.secret_key");
        assertEquals(List.of(liveSecret.substring(0, 12) + "…" + liveSecret.substring(42)),
                keys.getList("data.findAll { it.type == 'sk' && it.environment == 'live' }.hint"));
        assertEquals(List.of(app.getString("keys.test.publishable_key")),
                keys.getList("data.findAll { it.type == 'pk' && it.environment == 'test' }.publishable_key"));
    }

    /** Whatever writes the row, a revocation is never cleared nor postponed (the database's own guard). */
    @Test
    void noWriteUndoesARevocation() throws Exception {
        newApplication();
        String keyId = createKey(Map.of("name", "revoked", "environment", "live")).getString("id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + keyId).then().statusCode(200);
        UUID id = UUID.fromString(keyId);
        Object revokedAt = database.rows("select revoked_at from api_key where id = ?", id).getFirst().getFirst();
        database.execute("update api_key set revoked_at = null, name = 'renamed' where id = ?", id);
        database.execute("update api_key set revoked_at = revoked_at + interval '1 day' where id = ?", id);
        assertEquals(List.of(List.of(revokedAt, "renamed")), database.rows("select revoked_at, name from api_key where id = ?", id));
        database.execute("update api_key set revoked_at = revoked_at - interval '1 second' where id = ?", id);
        assertNotEquals(revokedAt, database.rows("select revoked_at from api_key where id = ?", id).getFirst().getFirst(),
                "moved earlier, as a revoke during a rotation's grace does");
    }

    /** Revoked keys accumulate, so the listing pages; a small application's first page still holds every key. */
    @Test
    void theKeyListingPagesInCreationOrder() {
        newApplication();
        for (int i = 0; i < 5; i++) {
            createKey(Map.of("name", "extra " + i, "environment", "live"));
        }
        JsonPath all = keys();
        assertEquals(9, all.getList("data").size());
        assertEquals(null, all.getString("next"));
        List<String> paged = new java.util.ArrayList<>();
        String after = null;
        do {
            var request = Api.asTenantAdmin(tenant).queryParam("limit", 4);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/v1/applications/" + appId + "/keys").then().statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("data.id"));
            after = page.getString("next");
        } while (after != null);
        assertEquals(all.getList("data.id"), paged);
        Api.asTenantAdmin(tenant).queryParam("after", UUID.randomUUID().toString()).get("/api/v1/applications/" + appId + "/keys")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        Api.asTenantAdmin(tenant).queryParam("limit", 201).get("/api/v1/applications/" + appId + "/keys").then().statusCode(400);
    }

    @Test
    void extraSecretKeysTakePresetsAndMaps() {
        newApplication();
        JsonPath all = createKey(Map.of("name", "backend", "environment", "live"));
        assertTrue(all.getString("secret_key").matches("^sk_live_[0-9A-Za-z]{38}$"));
        assertEquals("write", all.getString("permissions.data"));
        assertEquals("read", all.getString("permissions.keys"));

        JsonPath readOnly = createKey(Map.of("name", "reporting", "environment", "test", "permissions", "read_only"));
        assertTrue(readOnly.getString("secret_key").startsWith("sk_test_"));
        assertEquals(Map.of("applications", "read", "keys", "read", "data", "read", "users", "read",
                "analytics", "read", "audit", "read"), readOnly.getMap("permissions"));

        String expiry = Instant.now().plus(Duration.ofDays(30)).toString();
        JsonPath restricted = createKey(Map.of("name", "ingest", "environment", "live",
                "permissions", Map.of("data", "write", "analytics", "read"),
                "expires_at", expiry, "rate_limit", Map.of("limit", 100, "window_seconds", 60)));
        assertEquals("write", restricted.getString("permissions.data"));
        assertEquals("none", restricted.getString("permissions.users"));
        assertEquals(Instant.parse(expiry).truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                Instant.parse(restricted.getString("expires_at")), "kept at microsecond precision");
        assertEquals(100, restricted.getInt("rate_limit.limit"));

        JsonPath listed = keys();
        assertEquals(7, listed.getList("data").size());
        assertTrue(listed.getMap("data.find { it.name == 'reporting' }.permissions").values().stream()
                .allMatch("read"::equals));
        assertFalse(listed.prettify().contains(restricted.getString("secret_key")));
    }

    @Test
    void invalidKeyRequestsAreRejectedAndStoreNothing() {
        newApplication();
        List<Map<String, Object>> bodies = List.of(
                Map.of("environment", "live"),
                Map.of("name", "x", "environment", "prod"),
                Map.of("name", "x"),
                Map.of("name", "x", "environment", "live", "permissions", Map.of("billing", "read")),
                Map.of("name", "x", "environment", "live", "permissions", Map.of("data", "admin")),
                Map.of("name", "x", "environment", "live", "permissions", Map.of("keys", "write")),
                Map.of("name", "x", "environment", "live", "permissions", "superuser"),
                Map.of("name", "x", "environment", "live", "expires_at", "2001-01-01T00:00:00Z"),
                Map.of("name", "x", "environment", "live", "expires_at", "next tuesday"),
                Map.of("name", "x", "environment", "live", "rate_limit", Map.of("limit", 0, "window_seconds", 60)),
                Map.of("name", "x", "environment", "live", "rate_limit", Map.of("limit", 5)));
        for (Map<String, Object> body : bodies) {
            Api.asTenantAdmin(tenant).body(body).post("/api/v1/applications/" + appId + "/keys")
                    .then().statusCode(400).body("error", equalTo("invalid_request")).body("message", notNullValue());
        }
        assertEquals(4, keys().getList("data").size());
    }

    @Test
    void revokeStopsTheKeyAndIsIdempotent() {
        newApplication();
        String keyId = createKey(Map.of("name", "temp", "environment", "live")).getString("id");
        String revokedAt = Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + keyId)
                .then().statusCode(200).body("id", equalTo(keyId)).body("revoked_at", notNullValue())
                .extract().path("revoked_at");
        assertFalse(Instant.parse(revokedAt).isAfter(Instant.now()));
        double published = invalidationsPublished();
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + keyId)
                .then().statusCode(200).body("revoked_at", equalTo(revokedAt));
        assertEquals(revokedAt, keys().getString("data.find { it.id == '" + keyId + "' }.revoked_at"));
        // a client retrying a revocation whose answer it lost makes every instance hear of it again
        assertEquals(published + 1, invalidationsPublished(), "the repeat published the revocation again");
    }

    private static double invalidationsPublished() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher count = Pattern.compile("(?m)^latchkey_invalidation_wait_seconds_count\\S* (\\S+)$").matcher(metrics);
        return count.find() ? Double.parseDouble(count.group(1)) : 0;
    }

    @Test
    void revokeRejectsPublishableAndUnknownKeys() {
        newApplication();
        String publishableId = keys().getString("data.find { it.type == 'pk' }.id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + publishableId)
                .then().statusCode(400).body("error", equalTo("invalid_request"));
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + UUID.randomUUID())
                .then().statusCode(404).body("error", equalTo("not_found"));
        String otherAppKey = Api.createApplication(tenant).getString("id");
        String foreignKey = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + otherAppKey + "/keys")
                .then().extract().path("data.find { it.type == 'sk' }.id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + foreignKey)
                .then().statusCode(404);
    }

    @Test
    void rotateWithoutGraceEndsTheOldKeyNow() throws Exception {
        JsonPath app = newApplication();
        String old = app.getString("keys.live.secret_key");
        Instant before = Instant.now();
        JsonPath rotation = Api.asTenantAdmin(tenant).post("/api/v1/settings/applications/" + appId + "/rotate-secret")
                .then().statusCode(200).extract().jsonPath();
        String fresh = rotation.getString("secret_key");
        assertTrue(fresh.matches("^sk_live_[0-9A-Za-z]{38}$"));
        assertNotEquals(old, fresh);
        Instant previousEnds = Instant.parse(rotation.getString("previous_key_expires_at"));
        assertFalse(previousEnds.isBefore(before.minusSeconds(1)) || previousEnds.isAfter(Instant.now()));
        assertTrue(Instant.parse(rotation.getString("created_at")).isAfter(before.minusSeconds(1)));

        JsonPath keys = keys();
        String oldHint = old.substring(0, 12) + "…" + old.substring(42);
        String oldId = keys.getString("data.find { it.hint == '" + oldHint + "' }.id");
        String newId = keys.getString("data.find { it.hint == '" + fresh.substring(0, 12) + "…" + fresh.substring(42) + "' }.id");
        assertEquals(rotation.getString("previous_key_expires_at"), keys.getString("data.find { it.id == '" + oldId + "' }.revoked_at"));
        assertEquals(newId, keys.getString("data.find { it.id == '" + oldId + "' }.replaced_by"));
        assertEquals(false, keys.getBoolean("data.find { it.id == '" + oldId + "' }.primary"));
        assertArrayEquals(keyedHash(fresh), (byte[]) database.rows("select key_hash from api_key where id = ?",
                UUID.fromString(newId)).getFirst().getFirst());
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId).then()
                .body("keys.live.secret_key", equalTo(fresh.substring(0, 12) + "…" + fresh.substring(42)))
                .body("keys.test.secret_key", equalTo(hintOf(app.getString("keys.test.secret_key"))));
    }

    @Test
    void rotateWithGraceKeepsTheOldKeyUntilThen() {
        JsonPath app = newApplication();
        Instant before = Instant.now();
        JsonPath rotation = Api.asTenantAdmin(tenant)
                .body(Map.of("environment", "test", "grace_period_seconds", 3600))
                .post("/api/v1/settings/applications/" + appId + "/rotate-secret")
                .then().statusCode(200).extract().jsonPath();
        assertTrue(rotation.getString("secret_key").startsWith("sk_test_"));
        Instant previousEnds = Instant.parse(rotation.getString("previous_key_expires_at"));
        assertFalse(previousEnds.isBefore(before.plusSeconds(3599)) || previousEnds.isAfter(Instant.now().plusSeconds(3601)));
        String oldHint = hintOf(app.getString("keys.test.secret_key"));
        assertEquals(rotation.getString("previous_key_expires_at"),
                keys().getString("data.find { it.hint == '" + oldHint + "' }.revoked_at"));
        assertEquals(hintOf(app.getString("keys.live.secret_key")),
                Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId).then().extract().path("keys.live.secret_key"),
                "the live key is untouched");
    }

    @Test
    void rotateTwiceKeepsOneDefaultKeyPerEnvironment() {
        newApplication();
        for (int i = 0; i < 2; i++) {
            Api.asTenantAdmin(tenant).post("/api/v1/settings/applications/" + appId + "/rotate-secret")
                    .then().statusCode(200).extract().path("secret_key");
        }
        JsonPath keys = keys();
        assertEquals(6, keys.getList("data").size());
        assertEquals(1, keys.getList("data.findAll { it.primary && it.type == 'sk' && it.environment == 'live' }").size());
        assertEquals(2, keys.getList("data.findAll { it.replaced_by != null }").size());
    }

    @Test
    void rotateGraceNeverOutlivesTheKeysOwnExpiry() {
        newApplication();
        Instant soon = Instant.now().plus(Duration.ofMinutes(5));
        database.rows("update api_key set expires_at = ? where application_id = ? and type = 'SECRET' and environment = 'LIVE'"
                + " returning id", java.sql.Timestamp.from(soon), UUID.fromString(appId));
        JsonPath rotation = Api.asTenantAdmin(tenant).body(Map.of("grace_period_seconds", 86_400))
                .post("/api/v1/settings/applications/" + appId + "/rotate-secret").then().statusCode(200).extract().jsonPath();
        assertTrue(Duration.between(soon, Instant.parse(rotation.getString("previous_key_expires_at"))).abs().toMillis() < 1000);
    }

    @Test
    void rotateRejectsABadBody() {
        newApplication();
        for (Map<String, Object> body : List.of(Map.<String, Object>of("grace_period_seconds", 604_801),
                Map.<String, Object>of("grace_period_seconds", -1), Map.<String, Object>of("environment", "staging"))) {
            Api.asTenantAdmin(tenant).body(body).post("/api/v1/settings/applications/" + appId + "/rotate-secret")
                    .then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        assertEquals(4, keys().getList("data").size(), "no key was minted");
        keys().getList("data.revoked_at").forEach(value -> assertEquals(null, value));
    }

    @Test
    void keyListOfAnUnknownApplicationIsNotFound() {
        newApplication();
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + UUID.randomUUID() + "/keys")
                .then().statusCode(404).body("data", nullValue());
    }

    @Test
    void listingCarriesNoSecretsEvenAfterExtraKeys() {
        newApplication();
        String secret = createKey(Map.of("name", "k", "environment", "live")).getString("secret_key");
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/keys").then()
                .body("data", hasSize(5))
                .body("data.secret_key", org.hamcrest.Matchers.everyItem(nullValue()))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(secret)));
    }

    private static String hintOf(String key) {
        return key.substring(0, 12) + "…" + key.substring(42);
    }
}
