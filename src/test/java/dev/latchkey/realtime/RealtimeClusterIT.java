package dev.latchkey.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import dev.latchkey.support.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Realtime across two packaged instances sharing PostgreSQL and Redis (CONTRACT section 17): what
 * is published or written through one reaches subscribers of the other, owner-only changes only
 * their owner, and a revoked key's or a disabled user's streams end on both within 1 s of the
 * answer that revoked or disabled it.
 */
class RealtimeClusterIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();

    private static ServiceInstances cluster;
    private static String adminToken;
    private static String appId;
    private static String publishableKey;
    private static String secretKey;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ServiceInstances(2);
        adminToken = AdminTokens.platformAdmin();
        SECRETS.add(adminToken);
        JsonNode app = cluster.createApplication(adminToken, "Realtime");
        appId = app.get("id").asText();
        publishableKey = app.at("/keys/live/publishable_key").asText();
        secretKey = app.at("/keys/live/secret_key").asText();
        SECRETS.add(secretKey);
        cluster.admin(adminToken, "PATCH", 0, "/api/v1/applications/" + appId,
                "{\"realtime_rules\":[{\"pattern\":\"#\",\"publish\":\"user\",\"subscribe\":\"public\"}]}", null);
        cluster.admin(adminToken, "PUT", 0, "/api/v1/applications/" + appId + "/collections/notes",
                "{\"rls_enabled\":true,\"read_access\":\"owner\"}", null);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            String logs = cluster.logs();
            for (String secret : SECRETS) {
                assertFalse(logs.contains(secret), "a key, token or password appears in an instance's log");
            }
        } finally {
            cluster.close();
        }
    }

    private static SseClient stream(int instance, String query, String key, String token) throws Exception {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-api-key", key);
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        SseClient stream = SseClient.open(cluster.urls().get(instance) + "/api/realtime/stream?" + query, headers);
        assertEquals(200, stream.status());
        return stream;
    }

    private static HttpResponse<String> send(int instance, String method, String path, String key, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.urls().get(instance) + path))
                .header("x-api-key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record User(String id, String token) {
    }

    private static User signup() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        SECRETS.add(password);
        HttpResponse<String> answer = send(0, "POST", "/api/userAuth/signup", publishableKey, null,
                "{\"email\":\"rt-" + UUID.randomUUID() + "@example.com\",\"password\":\"" + password + "\"}");
        assertEquals(201, answer.statusCode(), answer.body());
        JsonNode session = JSON.readTree(answer.body());
        SECRETS.add(session.get("token").asText());
        SECRETS.add(session.get("refresh_token").asText());
        return new User(session.at("/user/id").asText(), session.get("token").asText());
    }

    @Test
    void aMessagePublishedThroughOneInstanceReachesTheOther() throws Exception {
        try (SseClient onOne = stream(1, "topics=rooms/%2B", publishableKey, null)) {
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long sent = System.nanoTime();
                HttpResponse<String> published = send(0, "POST", "/api/realtime/publish", secretKey, null,
                        "{\"topic\":\"rooms/" + i + "\",\"payload\":{\"n\":" + i + "}}");
                assertEquals(202, published.statusCode(), published.body());
                SseClient.Event event = onOne.next(WAIT);
                assertNotNull(event, "message " + i + " did not arrive");
                latencies.add((System.nanoTime() - sent) / 1000);
                assertEquals(i, JSON.readTree(event.data()).at("/payload/n").asInt());
            }
            latencies.sort(null);
            System.out.printf("[realtime] publish on instance 0 to receipt on instance 1, 20 messages: median %d us, max %d us%n",
                    latencies.get(10), latencies.getLast());
        }
    }

    @Test
    void anOwnerOnlyChangeReachesOnlyItsOwnerOnEitherInstance() throws Exception {
        User alice = signup();
        User bob = signup();
        try (SseClient aliceOnOne = stream(1, "collections=notes", publishableKey, alice.token());
             SseClient bobOnZero = stream(0, "collections=notes", publishableKey, bob.token())) {
            assertEquals(201, send(0, "POST", "/api/data/notes", publishableKey, bob.token(), "{\"text\":\"bob\"}").statusCode());
            assertEquals(201, send(0, "POST", "/api/data/notes", publishableKey, alice.token(), "{\"text\":\"alice\"}").statusCode());
            assertEquals("alice", JSON.readTree(aliceOnOne.next(WAIT).data()).at("/document/text").asText());
            assertEquals("bob", JSON.readTree(bobOnZero.next(WAIT).data()).at("/document/text").asText());
            assertEquals(null, bobOnZero.next(Duration.ofMillis(500)), "Bob never sees Alice's note");
        }
    }

    @Test
    void aRevokedKeysStreamsEndOnEveryInstanceWithin1s() throws Exception {
        JsonNode created = cluster.admin(adminToken, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"stream\",\"environment\":\"live\"}", null);
        String key = created.get("secret_key").asText();
        SECRETS.add(key);
        try (SseClient onZero = stream(0, "topics=%23", key, null); SseClient onOne = stream(1, "topics=%23", key, null)) {
            cluster.admin(adminToken, "DELETE", 0, "/api/v1/applications/" + appId + "/keys/" + created.get("id").asText(), null, null);
            long answered = System.nanoTime();
            assertEndedWithin1s("revoked key", onZero, answered, "api_key_revoked");
            assertEndedWithin1s("revoked key", onOne, answered, "api_key_revoked");
        }
    }

    @Test
    void aDisabledUsersStreamsEndOnEveryInstanceWithin1s() throws Exception {
        User user = signup();
        try (SseClient onZero = stream(0, "topics=%23", publishableKey, user.token());
             SseClient onOne = stream(1, "topics=%23", publishableKey, user.token())) {
            cluster.admin(adminToken, "PATCH", 1, "/api/v1/applications/" + appId + "/users/" + user.id(), "{\"disabled\":true}", null);
            long answered = System.nanoTime();
            assertEndedWithin1s("disabled user", onZero, answered, "invalid_token");
            assertEndedWithin1s("disabled user", onOne, answered, "invalid_token");
        }
    }

    @Test
    void aTicketFromOneInstanceOpensAStreamOnTheOther() throws Exception {
        HttpResponse<String> ticket = send(0, "POST", "/api/realtime/ticket", publishableKey, null, null);
        assertEquals(200, ticket.statusCode(), ticket.body());
        String value = JSON.readTree(ticket.body()).get("ticket").asText();
        try (SseClient first = SseClient.open(cluster.urls().get(1) + "/api/realtime/stream?topics=a&ticket=" + value, Map.of());
             SseClient replayed = SseClient.open(cluster.urls().get(0) + "/api/realtime/stream?topics=a&ticket=" + value, Map.of())) {
            assertEquals(200, first.status());
            assertEquals(401, replayed.status(), "the ticket was spent on the other instance");
        }
    }

    private static void assertEndedWithin1s(String what, SseClient stream, long answeredAt, String error) throws Exception {
        SseClient.Event end = stream.next(Duration.ofSeconds(3));
        long millis = (System.nanoTime() - answeredAt) / 1_000_000;
        assertNotNull(end, what + ": the stream did not end");
        assertEquals("end", end.name());
        assertEquals(error, JSON.readTree(end.data()).get("error").asText());
        System.out.printf("[realtime] %s: stream ended %d ms after the answer%n", what, millis);
        assertTrue(millis <= 1000, what + ": ended " + millis + " ms after the answer");
    }
}
