package dev.latchkey.realtime;

import static dev.latchkey.realtime.RealtimeStreamTest.stream;
import static dev.latchkey.support.EndUsers.withUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 17, "exact like keys": a stream ends within 1 s of the answer that revokes or
 * suspends its key, signs its user out or disables it, with a last {@code event: end} naming why.
 * Here on one instance; {@code RealtimeClusterIT} on two.
 */
@QuarkusTest
class RealtimeEndsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private NewApplication app;

    @BeforeEach
    void application() {
        app = NewApplication.create(Map.of("name", "Ends", "realtime_rules", List.of(Map.of("pattern", "#", "publish", "user",
                "subscribe", "public"))));
    }

    /** The end event's error code, asserting it came within 1 s of {@code answeredAt} and that the stream then closed. */
    private static String endedWithin1s(SseClient stream, long answeredAt) throws Exception {
        SseClient.Event end = stream.nextExcept("message", Duration.ofSeconds(3));
        long millis = (System.nanoTime() - answeredAt) / 1_000_000;
        assertNotNull(end, "the stream did not end");
        assertEquals("end", end.name(), "the last event names why");
        assertTrue(millis <= 1000, "ended " + millis + " ms after the answer");
        assertEquals(SseClient.END_OF_STREAM, stream.next(Duration.ofSeconds(2)), "the stream closed after its end event");
        return JSON.readTree(end.data()).get("error").asText();
    }

    @Test
    void aRevokedSecretKeysStreamEnds() throws Exception {
        JsonPath key = Api.asTenantAdmin(app.tenant()).body(Map.of("name", "backend", "environment", "live"))
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().jsonPath();
        try (SseClient stream = stream("topics=%23", key.getString("secret_key"), null)) {
            assertEquals(200, stream.status());
            Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id() + "/keys/" + key.getString("id"))
                    .then().statusCode(200);
            assertEquals("api_key_revoked", endedWithin1s(stream, System.nanoTime()));
        }
    }

    @Test
    void aSuspendedPublishableKeysStreamEnds() throws Exception {
        String keyId = Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/keys").then().statusCode(200)
                .extract().jsonPath().getString("data.find { it.publishable_key == '" + app.publishableKey() + "' }.id");
        try (SseClient stream = stream("topics=%23", app.publishableKey(), null)) {
            assertEquals(200, stream.status());
            Api.asTenantAdmin(app.tenant()).body(Map.of("enabled", false))
                    .patch("/api/v1/applications/" + app.id() + "/keys/" + keyId).then().statusCode(200);
            assertEquals("api_key_disabled", endedWithin1s(stream, System.nanoTime()));
        }
    }

    @Test
    void aLoggedOutUsersStreamEnds() throws Exception {
        String token = EndUsers.signup(app.publishableKey()).getString("token");
        try (SseClient stream = stream("topics=%23", app.publishableKey(), token)) {
            assertEquals(200, stream.status());
            withUser(app.publishableKey(), token).body(Map.of()).post("/api/userAuth/logout").then().statusCode(204);
            assertEquals("invalid_token", endedWithin1s(stream, System.nanoTime()));
        }
    }

    @Test
    void aDisabledUsersStreamEnds() throws Exception {
        JsonPath user = EndUsers.signup(app.publishableKey());
        try (SseClient stream = stream("topics=%23", app.publishableKey(), user.getString("token"))) {
            assertEquals(200, stream.status());
            Api.asTenantAdmin(app.tenant()).body(Map.of("disabled", true))
                    .patch("/api/v1/applications/" + app.id() + "/users/" + user.getString("user.id")).then().statusCode(200);
            assertEquals("invalid_token", endedWithin1s(stream, System.nanoTime()));
        }
    }

    /** A stream without a user token is not the user's: signing the user out leaves it open. */
    @Test
    void aStreamWithoutAUserTokenOutlivesSignOuts() throws Exception {
        String token = EndUsers.signup(app.publishableKey()).getString("token");
        try (SseClient anonymous = stream("topics=%23", app.publishableKey(), null);
             SseClient signedIn = stream("topics=%23", app.publishableKey(), token)) {
            withUser(app.publishableKey(), token).body(Map.of()).post("/api/userAuth/logout").then().statusCode(204);
            // the user's own stream ending proves a sweep has judged both streams since the logout
            assertEquals("invalid_token", endedWithin1s(signedIn, System.nanoTime()));
            RealtimeStreamTest.publish(app.secretKey(), "after", 1);
            assertEquals("message", anonymous.next(Duration.ofSeconds(5)).name());
        }
    }
}
