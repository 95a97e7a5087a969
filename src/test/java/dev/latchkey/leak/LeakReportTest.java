package dev.latchkey.leak;

import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 9, leaked keys reported by anyone: valid secret keys are revoked at once (on
 * every instance before the answer), audited as {@code leak-report}, and announced as
 * {@code key.leaked}; the answer is the same whatever was sent.
 */
@QuarkusTest
class LeakReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database database;

    private static io.restassured.specification.RequestSpecification anyone() {
        return given().contentType(ContentType.JSON);
    }

    @Test
    void aReportedSecretKeyStopsAtOnceAndItsOwnerHears() throws Exception {
        NewApplication app = NewApplication.create();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Api.asTenantAdmin(app.tenant()).body(Map.of("url", receiver.url(), "events", List.of("key.leaked", "key.revoked")))
                    .post("/api/v1/applications/" + app.id() + "/webhooks").then().statusCode(201);
            withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(200); // warm in every cache

            anyone().body(Map.of("keys", List.of(app.secretKey(), app.publishableKey(), "sk_live_garbage"),
                    "url", "https://github.com/someone/repo/blob/main/.env")).post("/api/v1/keys/leaked")
                    .then().statusCode(202).body("received", equalTo(3));

            withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_revoked"));
            anyone().body(Map.of("publishable_key", app.publishableKey())).post("/api/v1/auth/identify").then().statusCode(200);
            assertEquals(1, database.count("select count(*) from audit_log where application_id = ?::uuid and actor = 'leak-report'"
                    + " and action = 'key.revoke'", app.id()));

            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 2);
            JsonNode leaked = JSON.readTree(receiver.ofType("key.leaked").getFirst().body());
            assertEquals("report", leaked.at("/data/source").asText());
            assertEquals("https://github.com/someone/repo/blob/main/.env", leaked.at("/data/url").asText());
            assertEquals(app.secretKey().substring(0, 8), leaked.at("/data/key/hint").asText().substring(0, 8));
            assertEquals(1, receiver.ofType("key.revoked").size());

            // reported again: nothing more happens, and the answer is the same
            anyone().body(Map.of("keys", List.of(app.secretKey()))).post("/api/v1/keys/leaked")
                    .then().statusCode(202).body("received", equalTo(1));
            assertEquals(1, database.count("select count(*) from audit_log where application_id = ?::uuid and actor = 'leak-report'",
                    app.id()));
        }
    }

    @Test
    void aSecretKeySeenInABrowserIsMarkedExposedOnceAndKeepsWorking() throws Exception {
        NewApplication app = NewApplication.create();
        try (WebhookReceiver receiver = WebhookReceiver.accepting()) {
            Api.asTenantAdmin(app.tenant()).body(Map.of("url", receiver.url(), "events", List.of("key.leaked")))
                    .post("/api/v1/applications/" + app.id() + "/webhooks").then().statusCode(201);
            for (int i = 0; i < 3; i++) {
                withKey(app.secretKey()).header("Origin", "https://shop.example.com").get("/api/v1/keys/self").then()
                        .statusCode(401).body("error", equalTo("secret_key_in_browser"))
                        .header("Access-Control-Allow-Origin", "https://shop.example.com");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received().size() == 1);
            JsonNode leaked = JSON.readTree(receiver.received().getFirst().body());
            assertEquals("browser", leaked.at("/data/source").asText());
            assertEquals("https://shop.example.com", leaked.at("/data/origin").asText());
            assertEquals(false, leaked.at("/data/revoked").asBoolean());
            Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().statusCode(200)
                    .body("data.find { it.type == 'sk' && it.environment == 'live' }.exposed_at", notNullValue())
                    .body("data.find { it.type == 'pk' && it.environment == 'live' }.exposed_at", nullValue());
            withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(200); // from a server, it still works
            await("announced once").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.received().size() == 1);
        }
    }

    @Test
    void badReportsAnswer400AndRevokeNothing() {
        NewApplication app = NewApplication.create();
        List<String> tooMany = new ArrayList<>(Collections.nCopies(100, "sk_live_x"));
        tooMany.add(app.secretKey());
        anyone().body(Map.of("keys", tooMany)).post("/api/v1/keys/leaked").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        anyone().body(Map.of("keys", List.of())).post("/api/v1/keys/leaked").then().statusCode(400);
        anyone().body(Map.of("url", "https://example.com")).post("/api/v1/keys/leaked").then().statusCode(400);
        anyone().body("{\"keys\": [").post("/api/v1/keys/leaked").then().statusCode(400).body("error", equalTo("invalid_request"));
        anyone().body("{\"keys\": \"" + app.secretKey() + "\"}").post("/api/v1/keys/leaked").then().statusCode(400);
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(200);
    }
}
