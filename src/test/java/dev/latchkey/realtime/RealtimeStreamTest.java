package dev.latchkey.realtime;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Streams, publishes, topic rules and change events on one instance (CONTRACT section 17). */
@QuarkusTest
class RealtimeStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NewApplication withRules(List<Map<String, String>> rules) {
        return NewApplication.create(Map.of("name", "Realtime", "realtime_rules", rules));
    }

    private static Map<String, String> rule(String pattern, String publish, String subscribe) {
        return Map.of("pattern", pattern, "publish", publish, "subscribe", subscribe);
    }

    static SseClient stream(String query, String key, String userToken) throws Exception {
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("x-api-key", key);
        }
        if (userToken != null) {
            headers.put("Authorization", "Bearer " + userToken);
        }
        return SseClient.open("http://127.0.0.1:" + RestAssured.port + "/api/realtime/stream?" + query, headers);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aMessagePublishedToATopicReachesItsSubscribers() throws Exception {
        NewApplication app = withRules(List.of(rule("rooms/+", "public", "public")));
        try (SseClient room = stream("topics=rooms/%2B", app.publishableKey(), null);
             SseClient other = stream("topics=rooms/7", app.publishableKey(), null)) {
            assertEquals(200, room.status());
            assertTrue(room.header("Content-Type").startsWith("text/event-stream"));
            withKey(app.publishableKey()).body(Map.of("topic", "rooms/42", "payload", Map.of("text", "hi", "n", 1)))
                    .post("/api/realtime/publish").then().statusCode(202).body("success", equalTo(true));
            SseClient.Event event = room.next(WAIT);
            assertNotNull(event, "no event within 5 s");
            assertEquals("message", event.name());
            assertNotNull(event.id());
            JsonNode data = json(event.data());
            assertEquals("rooms/42", data.get("topic").asText());
            assertEquals("hi", data.at("/payload/text").asText());
            assertEquals(1, data.at("/payload/n").asInt());
            assertNull(other.next(Duration.ofMillis(300)), "rooms/7 does not match rooms/42");
        }
    }

    @Test
    void topicRulesDecideWhoSubscribesAndPublishes() throws Exception {
        NewApplication app = withRules(List.of(rule("admin/#", "none", "none"), rule("news/#", "none", "public"),
                rule("#", "user", "user")));
        try (SseClient forbidden = stream("topics=admin/logs", app.publishableKey(), null)) {
            assertEquals(403, forbidden.status());
            assertTrue(forbidden.body().contains("insufficient_permissions"));
        }
        try (SseClient wider = stream("topics=%23", app.publishableKey(), null)) {
            assertEquals(401, wider.status(), "# is covered only by the last rule, which wants a user token");
        }
        withKey(app.publishableKey()).body(Map.of("topic", "news/today", "payload", "x")).post("/api/realtime/publish")
                .then().statusCode(403).body("error", equalTo("insufficient_permissions"));
        withKey(app.secretKey()).body(Map.of("topic", "admin/logs", "payload", "x")).post("/api/realtime/publish")
                .then().statusCode(202);
        NewApplication none = NewApplication.create();
        try (SseClient unruled = stream("topics=rooms/1", none.publishableKey(), null)) {
            assertEquals(403, unruled.status(), "no rule matching");
        }
    }

    /** A filter the rules allow as a whole still receives only the topics the rules allow one by one. */
    @Test
    void aBroadFilterReceivesOnlyTopicsTheRulesAllow() throws Exception {
        NewApplication app = withRules(List.of(rule("rooms/admin", "none", "none"), rule("rooms/+", "public", "public")));
        try (SseClient rooms = stream("topics=rooms/%2B", app.publishableKey(), null);
             SseClient everything = stream("topics=%23", app.secretKey(), null)) {
            assertEquals(200, rooms.status());
            publish(app.secretKey(), "rooms/admin", "secret");
            publish(app.secretKey(), "rooms/lobby", "open");
            assertEquals("open", json(rooms.next(WAIT).data()).get("payload").asText(), "rooms/admin was not sent");
            assertEquals("secret", json(everything.next(WAIT).data()).get("payload").asText(), "a secret key is not held to the rules");
            Api.asTenantAdmin(app.tenant()).body(Map.of("realtime_rules", List.of(rule("rooms/+", "public", "none"))))
                    .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
            publish(app.secretKey(), "rooms/lobby", "after");
            assertNull(rooms.next(Duration.ofMillis(500)), "rules changed since the stream opened apply to what it receives");
        }
    }

    @Test
    void userIdInAPatternIsTheCallersOwn() throws Exception {
        NewApplication app = withRules(List.of(rule("users/{user_id}/#", "user", "user")));
        JsonPath alice = EndUsers.signup(app.publishableKey());
        JsonPath bob = EndUsers.signup(app.publishableKey());
        String aliceId = alice.getString("user.id");
        try (SseClient spoofed = stream("topics=users/" + aliceId + "/inbox", app.publishableKey(), bob.getString("token"))) {
            assertEquals(403, spoofed.status(), "Bob may not subscribe to Alice's topics");
        }
        withUser(app.publishableKey(), bob.getString("token")).body(Map.of("topic", "users/" + aliceId + "/inbox", "payload", 1))
                .post("/api/realtime/publish").then().statusCode(403);
        try (SseClient own = stream("topics=users/" + aliceId + "/%23", app.publishableKey(), alice.getString("token"))) {
            assertEquals(200, own.status());
            withUser(app.publishableKey(), alice.getString("token")).body(Map.of("topic", "users/" + aliceId + "/inbox", "payload", 2))
                    .post("/api/realtime/publish").then().statusCode(202);
            assertEquals(2, json(own.next(WAIT).data()).get("payload").asInt());
        }
    }

    @Test
    void changesOfAPublicCollectionReachEveryReader() throws Exception {
        NewApplication app = NewApplication.create();
        try (SseClient posts = stream("collections=posts", app.publishableKey(), null)) {
            String id = withKey(app.secretKey()).body(Map.of("title", "Hello")).post("/api/data/posts")
                    .then().statusCode(201).extract().path("data._id");
            JsonNode inserted = json(posts.next(WAIT).data());
            assertEquals("insert", inserted.get("op").asText());
            assertEquals("posts", inserted.get("collection").asText());
            assertEquals(id, inserted.get("id").asText());
            assertEquals("Hello", inserted.at("/document/title").asText());
            assertEquals(id, inserted.at("/document/_id").asText());
            withKey(app.secretKey()).body(Map.of("title", "Changed")).patch("/api/data/posts/" + id).then().statusCode(200);
            JsonNode updated = json(posts.next(WAIT).data());
            assertEquals("update", updated.get("op").asText());
            assertEquals("Changed", updated.at("/document/title").asText());
            withKey(app.secretKey()).delete("/api/data/posts/" + id).then().statusCode(200);
            JsonNode deleted = json(posts.next(WAIT).data());
            assertEquals("delete", deleted.get("op").asText());
            assertTrue(deleted.path("document").isMissingNode(), "a delete carries no document");
        }
    }

    @Test
    void anOwnerReadCollectionsChangesReachOnlyTheirOwner() throws Exception {
        NewApplication app = NewApplication.create();
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                .put("/api/v1/applications/" + app.id() + "/collections/notes").then().statusCode(200);
        JsonPath alice = EndUsers.signup(app.publishableKey());
        JsonPath bob = EndUsers.signup(app.publishableKey());
        try (SseClient anonymous = stream("collections=notes", app.publishableKey(), null)) {
            assertEquals(401, anonymous.status());
        }
        try (SseClient aliceStream = stream("collections=notes", app.publishableKey(), alice.getString("token"));
             SseClient everything = stream("collections=notes", app.secretKey(), null)) {
            withUser(app.publishableKey(), bob.getString("token")).body(Map.of("text", "Bob's")).post("/api/data/notes")
                    .then().statusCode(201);
            withUser(app.publishableKey(), alice.getString("token")).body(Map.of("text", "Alice's")).post("/api/data/notes")
                    .then().statusCode(201);
            assertEquals("Alice's", json(aliceStream.next(WAIT).data()).at("/document/text").asText(),
                    "Alice's first event is her own note: Bob's was not sent to her");
            assertEquals("Bob's", json(everything.next(WAIT).data()).at("/document/text").asText());
            assertEquals("Alice's", json(everything.next(WAIT).data()).at("/document/text").asText());
        }
    }

    @Test
    void aStreamResumesAfterTheLastEventItSaw() throws Exception {
        NewApplication app = withRules(List.of(rule("feed", "public", "public")));
        String lastSeen;
        try (SseClient first = stream("topics=feed", app.publishableKey(), null)) {
            publish(app.publishableKey(), "feed", 1);
            lastSeen = first.next(WAIT).id();
        }
        publish(app.publishableKey(), "feed", 2);
        publish(app.publishableKey(), "feed", 3);
        try (SseClient resumed = SseClient.open("http://127.0.0.1:" + RestAssured.port + "/api/realtime/stream?topics=feed",
                Map.of("x-api-key", app.publishableKey(), "Last-Event-ID", lastSeen))) {
            assertEquals(2, json(resumed.next(WAIT).data()).get("payload").asInt());
            assertEquals(3, json(resumed.next(WAIT).data()).get("payload").asInt());
            publish(app.publishableKey(), "feed", 4);
            assertEquals(4, json(resumed.next(WAIT).data()).get("payload").asInt());
        }
        // an EventSource cannot send the header: the same as a query parameter
        try (SseClient resumed = stream("topics=feed&last_event_id=" + lastSeen, app.publishableKey(), null)) {
            assertEquals(2, json(resumed.next(WAIT).data()).get("payload").asInt());
        }
    }

    @Test
    void messagesPublishedAtOnceArriveOnceEachAndInEachPublishersOrder() throws Exception {
        NewApplication app = withRules(List.of(rule("burst", "public", "public")));
        int publishers = 8;
        int each = 6;
        // every third message is too large for a notification and goes through the stored path
        String large = "x".repeat(12_000);
        try (SseClient burst = stream("topics=burst", app.publishableKey(), null);
                ExecutorService pool = Executors.newFixedThreadPool(publishers)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                int publisher = p;
                sent.add(pool.submit(() -> {
                    for (int n = 0; n < each; n++) {
                        publish(app.publishableKey(), "burst", Map.of("p", publisher, "n", n, "fill", n % 3 == 2 ? large : ""));
                    }
                }));
            }
            for (Future<?> done : sent) {
                done.get(30, TimeUnit.SECONDS);
            }
            Map<Integer, List<Integer>> received = new HashMap<>();
            for (int i = 0; i < publishers * each; i++) {
                SseClient.Event event = burst.next(WAIT);
                assertNotNull(event, "message " + i + " of " + publishers * each + " did not arrive");
                JsonNode payload = json(event.data()).get("payload");
                received.computeIfAbsent(payload.get("p").asInt(), p -> new ArrayList<>()).add(payload.get("n").asInt());
            }
            for (int p = 0; p < publishers; p++) {
                assertEquals(List.of(0, 1, 2, 3, 4, 5), received.get(p), "publisher " + p + "'s messages, in the order it sent them");
            }
            assertNull(burst.next(Duration.ofMillis(300)), "no message twice");
        }
    }

    static void publish(String key, String topic, Object payload) {
        withKey(key).body(Map.of("topic", topic, "payload", payload)).post("/api/realtime/publish").then().statusCode(202);
    }
}
