package dev.latchkey.credits;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 8, credits: spent by every passed check, 429 usage_exceeded at zero, refills, admin changes. */
@QuarkusTest
class KeyCreditsTest {

    @Inject
    Database database;

    @Inject
    CreditStore store;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    private JsonPath createKey(Object credits) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "metered", "environment", "live"));
        body.put("credits", credits);
        return Api.asTenantAdmin(app.tenant()).body(body).post("/api/v1/applications/" + app.id() + "/keys").then()
                .statusCode(201).extract().jsonPath();
    }

    private Response patchCredits(String keyId, Object credits) {
        Map<String, Object> body = new HashMap<>();
        body.put("credits", credits);
        return Api.asTenantAdmin(app.tenant()).body(body).patch("/api/v1/applications/" + app.id() + "/keys/" + keyId);
    }

    /** Rotation carries every field over (CONTRACT section 8): an exhausted key's successor is exhausted too. */
    @Test
    void rotationMovesTheCreditsToTheNewKey() {
        String primaryId = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().statusCode(200)
                .extract().jsonPath().getString("data.find { it.primary && it.type == 'sk' && it.environment == 'live' }.id");
        patchCredits(primaryId, Map.of("remaining", 1)).then().statusCode(200);
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(200);
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(429);
        String exhaustedSuccessor = rotate();
        withKey(exhaustedSuccessor).get("/api/v1/keys/self").then().statusCode(429).body("error", equalTo("usage_exceeded"));

        String successorId = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then()
                .extract().jsonPath().getString("data.find { it.primary && it.type == 'sk' && it.environment == 'live' }.id");
        patchCredits(successorId, Map.of("remaining", 50, "refill", Map.of("amount", 50, "interval", "daily"))).then().statusCode(200);
        withKey(exhaustedSuccessor).get("/api/v1/keys/self").then().statusCode(200).body("credits.remaining", equalTo(49));
        String next = rotate();
        withKey(next).get("/api/v1/keys/self").then().statusCode(200).body("credits.remaining", equalTo(48))
                .body("credits.refill.amount", equalTo(50)).body("credits.refill.interval", equalTo("daily"));
        // in its grace period the old key serves only what was leased before: nothing here
        withKey(exhaustedSuccessor).get("/api/v1/keys/self").then().statusCode(429).body("error", equalTo("usage_exceeded"));
        assertEquals(48, database.count("select sum(credits_remaining) from api_key where application_id = ?", UUID.fromString(app.id())),
                "the credits between the two keys, and no more");
    }

    /** Rotates the live secret key with a minute's grace; the new key. */
    private String rotate() {
        return Api.asTenantAdmin(app.tenant()).body(Map.of("environment", "live", "grace_period_seconds", 60))
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(200)
                .extract().jsonPath().getString("secret_key");
    }

    @Test
    void everyPassedCheckSpendsOneAndAtZeroTheKeyIsRefused() {
        JsonPath key = createKey(Map.of("remaining", 3));
        assertEquals(3, key.getInt("credits.remaining"));
        String secret = key.getString("secret_key");
        for (int left = 2; left >= 0; left--) {
            withKey(secret).get("/api/v1/keys/self").then().statusCode(200)
                    .body("credits.remaining", equalTo(left)).body("credits.refill", nullValue());
        }
        Response refused = withKey(secret).get("/api/v1/keys/self");
        assertEquals(429, refused.statusCode());
        assertEquals("usage_exceeded", refused.jsonPath().getString("error"));
        assertNull(refused.header("Retry-After"), "no refill: no time to retry");
        withKey(app.secretKey()).body(Map.of("key", secret)).post("/api/v1/keys/verify").then().statusCode(200)
                .body("valid", equalTo(false)).body("code", equalTo("USAGE_EXCEEDED"));

        patchCredits(key.getString("id"), Map.of("remaining", 2)).then().statusCode(200).body("credits.remaining", equalTo(2));
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200);
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200);
        withKey(secret).get("/api/v1/keys/self").then().statusCode(429);
        patchCredits(key.getString("id"), null).then().statusCode(200).body("credits", nullValue());
        withKey(secret).get("/api/v1/keys/self").then().statusCode(200).body("credits", nullValue());
        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/audit-log").then().statusCode(200)
                .body("data.findAll { it.action == 'key.update' }.changes", equalTo(List.of(List.of("credits"), List.of("credits"))));
    }

    @Test
    void verifySpendsItsCostOfTheJudgedKey() {
        String judged = createKey(Map.of("remaining", 5)).getString("secret_key");
        verify(judged, 2).body("code", equalTo("VALID")).body("credits.remaining", equalTo(3));
        verify(judged, 4).body("code", equalTo("USAGE_EXCEEDED")).body("valid", equalTo(false));
        verify(judged, 3).body("code", equalTo("VALID")).body("credits.remaining", equalTo(0));
        verify(judged, 0).body("code", equalTo("VALID"));
        verify(judged, 1).body("code", equalTo("USAGE_EXCEEDED"));
        withKey(app.secretKey()).body(Map.of("key", judged, "cost", 1001)).post("/api/v1/keys/verify").then().statusCode(400);
        withKey(app.secretKey()).body(Map.of("key", judged, "cost", -1)).post("/api/v1/keys/verify").then().statusCode(400);
    }

    private io.restassured.response.ValidatableResponse verify(String key, int cost) {
        return withKey(app.secretKey()).body(Map.of("key", key, "cost", cost)).post("/api/v1/keys/verify").then().statusCode(200);
    }

    @Test
    void aRefillingKeyAtZeroSaysWhenToRetryAndANewPeriodStartsFromTheAmount() throws Exception {
        JsonPath key = createKey(Map.of("remaining", 0, "refill", Map.of("amount", 10, "interval", "daily")));
        Response refused = withKey(key.getString("secret_key")).get("/api/v1/keys/self");
        assertEquals(429, refused.statusCode());
        long retry = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retry >= 1 && retry <= 86_400, "until the next 00:00 UTC: " + retry);
        assertEquals(Map.of("amount", 10, "interval", "daily"), key.getMap("credits.refill"));

        // the next period starts from the amount, not from what was left plus the amount
        UUID id = UUID.fromString(key.getString("id"));
        long today = ((Number) database.rows("select credits_period from api_key where id = ?::uuid", id.toString())
                .getFirst().getFirst()).longValue();
        database.execute("update api_key set credits_remaining = 4 where id = ?::uuid", id.toString());
        CreditStore.Taken taken = store.take(id, today + 1, 1);
        assertEquals(1, taken.granted());
        assertEquals(9, taken.unleased());
        // a batch is a 64th of what is left, never less than needed nor more than is left
        database.execute("update api_key set credits_remaining = 6400 where id = ?::uuid", id.toString());
        assertEquals(100, store.take(id, today + 1, 1).granted());
        assertEquals(6300, store.take(id, today + 1, 6300).granted());
        assertEquals(0, store.take(id, today + 1, 1).granted());
    }

    @Test
    void listingsShowNoMoreThanIsLeft() {
        JsonPath key = createKey(Map.of("remaining", 1000, "refill", Map.of("amount", 1000, "interval", "monthly")));
        withKey(key.getString("secret_key")).get("/api/v1/keys/self").then().statusCode(200);
        int shown = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().statusCode(200)
                .extract().path("data.find { it.id == '" + key.getString("id") + "' }.credits.remaining");
        assertTrue(shown <= 999 && shown >= 900, "at most what is left after one request: " + shown);
    }

    @Test
    void badCreditsAreRefusedAndStoreNothing() {
        long before = database.count("select count(*) from api_key where application_id = ?::uuid", app.id());
        List<Object> bad = List.of(-1, 1_000_000_001L, "lots", Map.of("remaining", -1), Map.of("remaining", 1.5),
                Map.of("remaining", 5, "extra", 1), Map.of("refill", Map.of("amount", 5, "interval", "daily")),
                Map.of("remaining", 5, "refill", Map.of("amount", 5, "interval", "weekly")),
                Map.of("remaining", 5, "refill", Map.of("amount", -5, "interval", "daily")),
                Map.of("remaining", 5, "refill", Map.of("interval", "daily")));
        for (Object credits : bad) {
            Map<String, Object> body = new HashMap<>(Map.of("name", "bad", "environment", "live"));
            body.put("credits", credits);
            Api.asTenantAdmin(app.tenant()).body(body).post("/api/v1/applications/" + app.id() + "/keys").then()
                    .statusCode(400).body("error", equalTo("invalid_request")).body("message", startsWith("credits:"));
        }
        assertEquals(before, database.count("select count(*) from api_key where application_id = ?::uuid", app.id()));
        String publishable = (String) database.rows("select id::text from api_key where application_id = ?::uuid "
                + "and type = 'PUBLISHABLE' and environment = 'LIVE'", app.id()).getFirst().getFirst();
        patchCredits(publishable, Map.of("remaining", 5)).then().statusCode(400).body("message", startsWith("credits:"));
    }
}
