package dev.latchkey.webhook;

import static dev.latchkey.support.EndUsers.withKey;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 9: webhooks registered, listed, deleted; key and application changes delivered
 * as signed Standard Webhooks requests to a real receiver on loopback, retried with backoff, then
 * failed. Signatures are checked with an HMAC computed here from the specification.
 */
@QuarkusTest
class WebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    private String webhooks() {
        return "/api/v1/applications/" + app.id() + "/webhooks";
    }

    private JsonPath register(String url, List<String> events) {
        return Api.asTenantAdmin(app.tenant()).body(Map.of("url", url, "events", events, "description", "ops"))
                .post(webhooks()).then().statusCode(201).extract().jsonPath();
    }

    private JsonPath createKey() {
        return Api.asTenantAdmin(app.tenant()).body(Map.of("name", "backend", "environment", "live"))
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void theSecretIsShownOnceAndStoredSealed() {
        JsonPath created = register("http://127.0.0.1:9/hooks", List.of("key.created"));
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_") && Base64.getDecoder().decode(secret.substring(6)).length == 32, secret);
        Api.asTenantAdmin(app.tenant()).get(webhooks()).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(created.getString("id")))
                .body("data[0].events", equalTo(List.of("key.created"))).body("data[0].description", equalTo("ops"))
                .body("data[0]", not(org.hamcrest.Matchers.hasKey("secret")));
        assertEquals(0, database.count("select count(*) from webhook where secret_sealed like ?", "%" + secret.substring(6) + "%"));
        assertEquals(1, database.count("select count(*) from webhook where id = ?::uuid and secret_sealed like 'v1.%'", created.getString("id")));
    }

    @Test
    void aKeyChangeIsDeliveredSignedAndWithoutTheSecret() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String secret = register(receiver.url(), List.of("key.created", "key.revoked")).getString("secret");
            JsonPath key = createKey();
            Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id() + "/keys/" + key.getString("id"))
                    .then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);

            WebhookReceiver.Received created = receiver.ofType("key.created").getFirst();
            assertEquals(sign(secret, created.id(), created.timestamp(), created.body()), created.signature());
            assertTrue(Math.abs(Long.parseLong(created.timestamp()) - System.currentTimeMillis() / 1000) < 60);
            JsonNode body = JSON.readTree(created.body());
            assertEquals(created.id(), body.get("id").asText());
            assertEquals(app.id(), body.get("application_id").asText());
            assertEquals("live", body.get("environment").asText());
            assertEquals(key.getString("id"), body.at("/data/key/key_id").asText());
            assertEquals("sk", body.at("/data/key/type").asText());
            assertEquals(key.getString("hint"), body.at("/data/key/hint").asText());
            assertFalse(created.body().contains(key.getString("secret_key")), "no secret in an event");

            WebhookReceiver.Received revoked = receiver.ofType("key.revoked").getFirst();
            assertEquals(sign(secret, revoked.id(), revoked.timestamp(), revoked.body()), revoked.signature());
        }
    }

    /** A rotated secret signs at once; the previous one signs beside it for 24 h, then a second rotation drops it. */
    @Test
    void aRotatedSecretSignsBesideThePreviousOneForADay() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            JsonPath registered = register(receiver.url(), List.of("key.created"));
            String first = registered.getString("secret");
            String rotate = webhooks() + "/" + registered.getString("id") + "/rotate-secret";
            JsonPath rotated = Api.asTenantAdmin(app.tenant()).post(rotate).then().statusCode(200)
                    .body("id", equalTo(registered.getString("id"))).extract().jsonPath();
            String second = rotated.getString("secret");
            assertTrue(second.startsWith("whsec_") && !second.equals(first), second);
            long hours = Duration.between(Instant.now(), Instant.parse(rotated.getString("previous_secret_expires_at"))).toHours();
            assertTrue(hours >= 23 && hours <= 24, "the previous secret signs for a day: " + hours);
            createKey();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received both = receiver.received().getFirst();
            assertEquals(sign(second, both.id(), both.timestamp(), both.body()) + " " + sign(first, both.id(), both.timestamp(), both.body()),
                    both.signature());

            String third = Api.asTenantAdmin(app.tenant()).post(rotate).then().statusCode(200).extract().jsonPath().getString("secret");
            createKey();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
            WebhookReceiver.Received later = receiver.received().get(1);
            assertEquals(sign(third, later.id(), later.timestamp(), later.body()) + " " + sign(second, later.id(), later.timestamp(),
                    later.body()), later.signature(), "the first secret signs no more");
            assertEquals(2, database.count("select count(*) from audit_log where target = ? and action = 'webhook.rotate_secret'",
                    "webhook:" + registered.getString("id")));
            Api.asTenantAdmin(app.tenant()).post(webhooks() + "/" + java.util.UUID.randomUUID() + "/rotate-secret").then().statusCode(404);
        }
    }

    @Test
    void onlySubscribedEventsAreSentAndEachChangeNamesWhatChanged() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            register(receiver.url(), List.of("key.updated", "key.rotated", "application.updated"));
            JsonPath key = createKey(); // key.created: not subscribed
            Api.asTenantAdmin(app.tenant()).body(Map.of("name", "renamed", "meta", Map.of("plan", "pro")))
                    .patch("/api/v1/applications/" + app.id() + "/keys/" + key.getString("id")).then().statusCode(200);
            Api.asTenantAdmin(app.tenant()).body(Map.of("environment", "live", "grace_period_seconds", 60))
                    .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(200);
            Api.asTenantAdmin(app.tenant()).body(Map.of("name", "Renamed app"))
                    .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 3);

            JsonNode updated = JSON.readTree(receiver.ofType("key.updated").getFirst().body());
            assertEquals(List.of("name", "meta"), JSON.convertValue(updated.at("/data/changes"), List.class));
            assertEquals("pro", updated.at("/data/key/meta/plan").asText());
            JsonNode rotated = JSON.readTree(receiver.ofType("key.rotated").getFirst().body());
            assertFalse(rotated.at("/data/new_key/key_id").asText().isEmpty());
            assertFalse(rotated.at("/data/grace_ends_at").asText().isEmpty());
            JsonNode application = JSON.readTree(receiver.ofType("application.updated").getFirst().body());
            assertEquals("Renamed app", application.at("/data/application/name").asText());
            assertTrue(receiver.ofType("key.created").isEmpty());
        }
    }

    @Test
    void aFailingReceiverIsRetriedAndDeliveredOnceItAnswers() {
        try (WebhookReceiver receiver = new WebhookReceiver(attempt -> attempt <= 2 ? 503 : 204)) {
            String webhookId = register(receiver.url(), List.of("key.created")).getString("id");
            createKey();
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 3);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> Api.asTenantAdmin(app.tenant())
                    .get(webhooks() + "/" + webhookId + "/deliveries").then().statusCode(200)
                    .body("data", hasSize(1)).body("data[0].status", equalTo("delivered")).body("data[0].attempt", equalTo(3))
                    .body("data[0].response_status", equalTo(204)).body("data[0].type", equalTo("key.created"))
                    .body("data[0].delivered_at", not(nullValue())).body("data[0].next_attempt_at", nullValue())
                    .body("next", nullValue()));
            List<WebhookReceiver.Received> sent = receiver.received();
            assertEquals(1, sent.stream().map(WebhookReceiver.Received::id).distinct().count(), "one event id on every attempt");
        }
    }

    @Test
    void aReceiverThatNeverSucceedsEndsFailedAfterTheLastRetry() {
        try (WebhookReceiver receiver = new WebhookReceiver(attempt -> 500)) {
            String webhookId = register(receiver.url(), List.of("key.created")).getString("id");
            createKey();
            // the test profile retries three times: four attempts
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> Api.asTenantAdmin(app.tenant())
                    .get(webhooks() + "/" + webhookId + "/deliveries").then().statusCode(200)
                    .body("data[0].status", equalTo("failed")).body("data[0].attempt", equalTo(4))
                    .body("data[0].response_status", equalTo(500)));
            assertEquals(4, receiver.received().size());
        }
    }

    @Test
    void keysAreAnnouncedOnceSevenDaysBeforeTheyExpire() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            register(receiver.url(), List.of("key.expiring"));
            String soon = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS).toString();
            String later = Instant.now().plus(Duration.ofDays(30)).toString();
            String keyId = Api.asTenantAdmin(app.tenant()).body(Map.of("name", "soon", "environment", "live", "expires_at", soon))
                    .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("id");
            Api.asTenantAdmin(app.tenant()).body(Map.of("name", "later", "environment", "live", "expires_at", later))
                    .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            // more scans (one a second here): still one
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> receiver.received().size() == 1);
            JsonNode expiring = JSON.readTree(receiver.received().getFirst().body());
            assertEquals("key.expiring", expiring.get("type").asText());
            assertEquals(keyId, expiring.at("/data/key/key_id").asText());
            assertEquals(Instant.parse(soon), Instant.parse(expiring.at("/data/expires_at").asText()));
        }
    }

    @Test
    void creditsFallingToTenAreAnnouncedOnce() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            register(receiver.url(), List.of("key.credits_low"));
            String secret = Api.asTenantAdmin(app.tenant())
                    .body(Map.of("name", "metered", "environment", "live", "credits", Map.of("remaining", 12)))
                    .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("secret_key");
            for (int i = 0; i < 5; i++) {
                withKey(secret).get("/api/v1/keys/self").then().statusCode(200);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received().size() == 1);
            JsonNode low = JSON.readTree(receiver.received().getFirst().body());
            assertEquals("key.credits_low", low.get("type").asText());
            assertTrue(low.at("/data/remaining").asLong() <= 10 && low.at("/data/remaining").asLong() >= 7, low.toString());
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        try (WebhookReceiver target = WebhookReceiver.accepting();
                WebhookReceiver redirecting = new WebhookReceiver(attempt -> 307, target.url())) {
            String webhookId = register(redirecting.url(), List.of("key.created")).getString("id");
            createKey();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> Api.asTenantAdmin(app.tenant())
                    .get(webhooks() + "/" + webhookId + "/deliveries").then().statusCode(200)
                    .body("data[0].response_status", equalTo(307)).body("data[0].status", equalTo("pending")));
            assertTrue(target.received().isEmpty(), "the redirect's target got nothing");
        }
    }

    @Test
    void aChangeThatFailsWritesNoEvent() {
        long before = database.count("select count(*) from outbox_event where application_id = ?::uuid", app.id());
        JsonPath key = createKey();
        long afterCreate = database.count("select count(*) from outbox_event where application_id = ?::uuid", app.id());
        assertEquals(before + 1, afterCreate);
        Api.asTenantAdmin(app.tenant()).body(Map.of("name", "renamed", "credits", Map.of("remaining", -1)))
                .patch("/api/v1/applications/" + app.id() + "/keys/" + key.getString("id")).then().statusCode(400);
        assertEquals(afterCreate, database.count("select count(*) from outbox_event where application_id = ?::uuid", app.id()));
    }

    @Test
    void badRegistrationsAnswer400AndStoreNothing() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("url", "not a url", "events", List.of("key.created")),
                Map.of("url", "ftp://hooks.example.com/x", "events", List.of("key.created")),
                Map.of("url", "http://127.0.0.1:9/x", "events", List.of("key.exploded")),
                Map.of("url", "http://127.0.0.1:9/x", "events", List.of()),
                Map.of("events", List.of("key.created")))) {
            Api.asTenantAdmin(app.tenant()).body(body).post(webhooks()).then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
        assertEquals(0, database.count("select count(*) from webhook where application_id = ?::uuid", app.id()));
    }

    @Test
    void deletedWebhooksAreGoneAndOthersApplicationsAreNotFound() {
        String webhookId = register("http://127.0.0.1:9/hooks", List.of("key.created")).getString("id");
        NewApplication other = NewApplication.create();
        Api.asTenantAdmin(other.tenant()).delete("/api/v1/applications/" + other.id() + "/webhooks/" + webhookId)
                .then().statusCode(404).body("error", equalTo("not_found"));
        Api.asTenantAdmin(app.tenant()).delete(webhooks() + "/" + webhookId).then().statusCode(204);
        Api.asTenantAdmin(app.tenant()).delete(webhooks() + "/" + webhookId).then().statusCode(404);
        Api.asTenantAdmin(app.tenant()).get(webhooks() + "/" + webhookId + "/deliveries").then().statusCode(404);
        Api.asTenantAdmin(app.tenant()).get(webhooks()).then().statusCode(200).body("data", hasSize(0));
    }

    /** Standard Webhooks, computed here: v1, base64 HMAC-SHA256 of "id.timestamp.body" under the secret's decoded bytes. */
    static String sign(String secret, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }
}
