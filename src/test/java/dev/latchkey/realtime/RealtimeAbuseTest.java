package dev.latchkey.realtime;

import static dev.latchkey.realtime.RealtimeStreamTest.publish;
import static dev.latchkey.realtime.RealtimeStreamTest.stream;
import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What realtime refuses (CONTRACT section 17): bad tickets, too many streams, bad publishes; and what it never sends. */
@QuarkusTest
class RealtimeAbuseTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void application() {
        app = NewApplication.create(Map.of("name", "Abuse", "realtime_rules",
                List.of(Map.of("pattern", "#", "publish", "public", "subscribe", "public"))));
    }

    private static SseClient withTicket(String ticket, String query) throws Exception {
        return SseClient.open("http://127.0.0.1:" + RestAssured.port + "/api/realtime/stream?" + query + "&ticket=" + ticket, Map.of());
    }

    private String ticket(String token) {
        var request = token == null ? withKey(app.publishableKey()) : withUser(app.publishableKey(), token);
        return request.post("/api/realtime/ticket").then().statusCode(200)
                .body("ticket", startsWith("rtt_")).body("expires_in", equalTo(60)).extract().path("ticket");
    }

    @Test
    void aTicketOpensOneStreamOnce() throws Exception {
        JsonPath user = EndUsers.signup(app.publishableKey());
        String ticket = ticket(user.getString("token"));
        assertEquals(0, database.count("select count(*) from realtime_ticket where sealed_key like ?", "%" + app.publishableKey() + "%"),
                "the key is kept sealed");
        try (SseClient first = withTicket(ticket, "topics=a"); SseClient again = withTicket(ticket, "topics=a")) {
            assertEquals(200, first.status());
            assertEquals(401, again.status(), "a ticket is single use");
            assertTrue(again.body().contains("invalid_token"));
            publish(app.publishableKey(), "a", "hello");
            assertEquals("message", first.next(WAIT).name());
            // the ticket carried the user: its logout ends the stream
            withUser(app.publishableKey(), user.getString("token")).body(Map.of()).post("/api/userAuth/logout").then().statusCode(204);
            assertEquals("end", first.nextExcept("message", WAIT).name());
        }
    }

    @Test
    void forgedAndExpiredTicketsAreRefused() throws Exception {
        try (SseClient forged = withTicket("rtt_" + "A".repeat(43), "topics=a"); SseClient shapeless = withTicket("nope", "topics=a")) {
            assertEquals(401, forged.status());
            assertEquals(401, shapeless.status());
        }
        String ticket = ticket(null);
        database.execute("update realtime_ticket set expires_at = now() - interval '1 second'");
        try (SseClient expired = withTicket(ticket, "topics=a")) {
            assertEquals(401, expired.status());
        }
    }

    @Test
    void aKeyOpensAtMostTenStreamsFromOneAddress() throws Exception {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                open.add(stream("topics=a", app.publishableKey(), null));
                assertEquals(200, open.getLast().status());
            }
            try (SseClient eleventh = stream("topics=a", app.publishableKey(), null)) {
                assertEquals(429, eleventh.status());
                assertTrue(eleventh.body().contains("rate_limited"));
            }
            open.removeFirst().close();
            // the closed stream's slot is free once the service has seen it close
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                SseClient next = stream("topics=a", app.publishableKey(), null);
                if (next.status() == 200) {
                    open.add(next);
                    return true;
                }
                next.close();
                return false;
            });
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void badPublishesAreRefusedAndSendNothing() throws Exception {
        try (SseClient everything = stream("topics=%23", app.publishableKey(), null)) {
            String big = "x".repeat(32 * 1024);
            withKey(app.publishableKey()).body(Map.of("topic", "a", "payload", big)).post("/api/realtime/publish")
                    .then().statusCode(400).body("message", containsString("32 KiB"));
            withKey(app.publishableKey()).body(Map.of("topic", "a/+", "payload", 1)).post("/api/realtime/publish").then().statusCode(400);
            withKey(app.publishableKey()).body(Map.of("topic", "a/b/c/d/e/f/g/h/i", "payload", 1)).post("/api/realtime/publish")
                    .then().statusCode(400).body("message", containsString("8 levels"));
            withKey(app.publishableKey()).body(Map.of("topic", "a b", "payload", 1)).post("/api/realtime/publish").then().statusCode(400);
            withKey(app.publishableKey()).body(Map.of("topic", "a")).post("/api/realtime/publish").then().statusCode(400);
            withKey(app.publishableKey()).contentType(ContentType.JSON).body("{\"topic\":\"a\",\"topic\":\"b\",\"payload\":1}")
                    .post("/api/realtime/publish").then().statusCode(400);
            withKey(app.publishableKey()).contentType(ContentType.JSON).body("{\"topic\":\"a\",\"payload\":\"\\u0000\"}")
                    .post("/api/realtime/publish").then().statusCode(400);
            withKey(app.publishableKey()).contentType(ContentType.JSON).body("{\"topic\":\"a\",\"payload\":1,\"extra\":1}")
                    .post("/api/realtime/publish").then().statusCode(400);
            assertNull(everything.next(Duration.ofMillis(500)), "nothing refused was sent");
            String justUnder = "y".repeat(32 * 1024 - 2);
            publish(app.publishableKey(), "a", justUnder);
            SseClient.Event stored = everything.next(WAIT);
            assertEquals(justUnder, JSON.readTree(stored.data()).get("payload").asText(), "a payload over a notification's size comes whole");
        }
    }

    /** Publishing and opening streams spend the key's budget like any request. */
    @Test
    void publishesAndStreamsSpendTheKeysRateLimit() throws Exception {
        String key = Api.asTenantAdmin(app.tenant()).body(Map.of("name", "limited", "environment", "live",
                        "rate_limit", Map.of("limit", 3, "window_seconds", 60)))
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("secret_key");
        publish(key, "a", 1);
        publish(key, "a", 2);
        try (SseClient third = stream("topics=a", key, null)) {
            assertEquals(200, third.status());
        }
        withKey(key).body(Map.of("topic", "a", "payload", 3)).post("/api/realtime/publish").then().statusCode(429)
                .body("error", equalTo("rate_limited"));
        try (SseClient refused = stream("topics=a", key, null)) {
            assertEquals(429, refused.status());
        }
    }

    @Test
    void badSubscriptionsAreRefused() throws Exception {
        for (String query : List.of("", "topics=a%2F%23%2Fb", "topics=a+b", "collections=Bad-Name", "collections=users",
                "topics=" + "a,".repeat(21))) {
            try (SseClient refused = stream(query, app.publishableKey(), null)) {
                assertTrue(refused.status() == 400 || refused.status() == 403, query + " answered " + refused.status());
                assertFalse(refused.body().isEmpty());
            }
        }
        try (SseClient keyless = stream("topics=a", null, null)) {
            assertEquals(401, keyless.status());
            assertTrue(keyless.body().contains("missing_credentials"));
        }
    }

    /** A write refused (here by the collections quota, after its event was sent in its transaction) sends no change. */
    @Test
    void aRolledBackWriteSendsNoChange() throws Exception {
        for (int i = 0; i < 200; i++) {
            withKey(app.secretKey()).body(Map.of("n", i)).post("/api/data/c" + i).then().statusCode(201);
        }
        try (SseClient changes = stream("collections=c200,c0", app.publishableKey(), null)) {
            withKey(app.secretKey()).body(Map.of("n", 200)).post("/api/data/c200").then().statusCode(403);
            withKey(app.secretKey()).body(Map.of("n", 0)).post("/api/data/c0").then().statusCode(201);
            SseClient.Event first = changes.next(WAIT);
            assertEquals("c0", JSON.readTree(first.data()).get("collection").asText(), "the refused write sent nothing");
        }
    }

    /**
     * A client that reads nothing is sent what its connection holds, then its events wait, at most
     * 1,000; past that the stream drops them and ends with {@code slow_consumer}, instead of
     * buffering without bound.
     */
    @Test
    void aClientThatDoesNotReadIsDroppedWithAFinalEvent() throws Exception {
        String payload = "z".repeat(16 * 1024);
        int published = 1600;
        try (SseClient idle = SseClient.openUnread("http://127.0.0.1:" + RestAssured.port + "/api/realtime/stream?topics=flood",
                Map.of("x-api-key", app.publishableKey()))) {
            assertEquals(200, idle.status());
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + RestAssured.port + "/api/realtime/publish"))
                    .header("x-api-key", app.secretKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"flood\",\"payload\":\"" + payload + "\"}")).build();
            for (int i = 0; i < published; i++) {
                assertEquals(202, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            idle.resume();
            int messages = 0;
            SseClient.Event event;
            while ((event = idle.next(Duration.ofSeconds(10))) != null && "message".equals(event.name())) {
                messages++;
            }
            assertTrue(event != null && "end".equals(event.name()), "the stream ends with an end event, not " + event);
            assertEquals("slow_consumer", JSON.readTree(event.data()).get("error").asText());
            assertTrue(messages < published, "events were dropped, not all buffered: " + messages + " of " + published);
            assertEquals(SseClient.END_OF_STREAM, idle.next(Duration.ofSeconds(5)));
        }
    }
}
