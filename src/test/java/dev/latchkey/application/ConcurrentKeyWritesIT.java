package dev.latchkey.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged instances; every write of a key row raced against a PATCH of another field of the
 * same key, sent to the other instance at the same moment. A write that answered must hold
 * afterwards whatever the other did: a revoked, leaked or suspended key stays refused, and no
 * credit leased out comes back (what PostgreSQL has left plus what was served never exceeds the
 * credits given).
 */
class ConcurrentKeyWritesIT {

    private static final int PAIRS = Integer.getInteger("it.write-races", 40);
    private static final long CREDITS = 1_000_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ServiceInstances cluster;
    private static final AtomicInteger SENT = new AtomicInteger();
    private static final AtomicInteger SERVER_ERRORS = new AtomicInteger();
    private static String token;
    private static String appId;
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(4);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ServiceInstances(2, Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000",
                "LATCHKEY_RATE_LIMIT_LEAK_REPORTS_PER_ADDRESS_LIMIT", "100000"));
        token = AdminTokens.platformAdmin();
    }

    /** Each scenario's keys in an application of their own, within its key budget. */
    @BeforeEach
    void newApplication() throws Exception {
        appId = cluster.createApplication(token, "Write races").get("id").asText();
    }

    @AfterAll
    static void stopCluster() {
        THREADS.shutdownNow();
        cluster.close();
    }

    @Test
    void aRevocationRacingAPatchStaysRevoked() throws Exception {
        stopRacingPatches("revocation", 200, key -> () -> send(0, "DELETE", keyPath(key), null));
    }

    @Test
    void aLeakReportRacingAPatchStaysRevoked() throws Exception {
        stopRacingPatches("leak report", 202, key -> () -> send(0, "POST", "/api/v1/keys/leaked",
                "{\"keys\":[\"" + key.get("secret_key").asText() + "\"]}"));
    }

    @Test
    void aSuspensionRacingAPatchStaysSuspended() throws Exception {
        stopRacingPatches("suspension", 200, key -> () -> send(0, "PATCH", keyPath(key), "{\"enabled\":false}"));
    }

    /**
     * {@link #PAIRS} fresh keys, each cached on every instance, then stopped through instance 0
     * while two PATCHes of other fields reach instance 1 at the same moment; afterwards no
     * instance may accept any of them.
     */
    private static void stopRacingPatches(String what, int answered, Function<JsonNode, Callable<HttpResponse<String>>> stop)
            throws Exception {
        int accepted = 0;
        for (int i = 0; i < PAIRS; i++) {
            JsonNode key = newKey("{\"name\":\"" + what + " " + i + "\",\"environment\":\"live\"}");
            warm(key);
            List<HttpResponse<String>> answers = race(stop.apply(key),
                    () -> send(1, "PATCH", keyPath(key), "{\"meta\":{\"n\":" + System.nanoTime() + "}}"),
                    () -> send(1, "PATCH", keyPath(key), "{\"name\":\"renamed\"}"));
            assertEquals(answered, answers.getFirst().statusCode(), answers.getFirst().body());
            accepted += acceptedAnywhere(key);
        }
        record("a " + what + " raced by two PATCHes", accepted, 0, what + ": checks of the keys on both instances afterwards that accepted");
        assertEquals(0, accepted, "keys accepted after a PATCH raced their " + what);
    }

    /** A key's first use leases a batch of its credits; a rename at the same time must not give them back. */
    @Test
    void aCreditLeaseRacingAPatchMintsNoCredits() throws Exception {
        long minted = 0;
        for (int i = 0; i < PAIRS; i++) {
            JsonNode key = newKey("{\"name\":\"metered-" + i + "\",\"environment\":\"live\",\"credits\":{\"remaining\":" + CREDITS + "}}");
            String secret = key.get("secret_key").asText();
            List<HttpResponse<String>> answers = race(
                    () -> cluster.self(0, secret),
                    () -> send(1, "PATCH", keyPath(key), "{\"meta\":{\"n\":" + System.nanoTime() + "}}"),
                    () -> send(1, "PATCH", keyPath(key), "{\"name\":\"renamed\"}"));
            assertEquals(200, answers.getFirst().statusCode(), answers.getFirst().body());
            long served = 1;
            long left = creditsRemaining(key.get("id").asText());
            minted += Math.max(0, left + served - CREDITS);
        }
        record("a credit lease raced by two PATCHes", 0, minted, "lost: credits minted (left in PostgreSQL + served - given)");
        assertEquals(0, minted, "credits came back after a PATCH raced a lease");
    }

    /** Runs the calls at the same moment (a barrier), each on its own thread; their answers in order. */
    @SafeVarargs
    private static List<HttpResponse<String>> race(Callable<HttpResponse<String>>... calls) throws Exception {
        CyclicBarrier start = new CyclicBarrier(calls.length);
        List<Future<HttpResponse<String>>> pending = new ArrayList<>();
        for (Callable<HttpResponse<String>> call : calls) {
            pending.add(THREADS.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : pending) {
            answers.add(answer.get());
        }
        SENT.addAndGet(answers.size());
        SERVER_ERRORS.addAndGet((int) answers.stream().filter(answer -> answer.statusCode() >= 500).count());
        return answers;
    }

    /** One row of the reliability figures; the counters start again for the next scenario. */
    private static void record(String scenario, long wronglyAccepted, long lost, String notes) {
        int sent = SENT.getAndSet(0);
        int errors = SERVER_ERRORS.getAndSet(0);
        ReliabilityFigures.record(scenario + " (" + PAIRS + " times)", sent, sent, errors, wronglyAccepted, lost, notes);
        assertEquals(0, errors, "the racing writes answered 5xx");
    }

    /** How many instances still accept the key (0 or more). */
    private static int acceptedAnywhere(JsonNode key) throws Exception {
        int accepted = 0;
        for (int n = 0; n < cluster.urls().size(); n++) {
            if (cluster.self(n, key.get("secret_key").asText()).statusCode() == 200) {
                accepted++;
            }
        }
        return accepted;
    }

    /** Every instance has the key cached, so a stale copy anywhere would show. */
    private static void warm(JsonNode key) throws Exception {
        for (int n = 0; n < cluster.urls().size(); n++) {
            assertEquals(200, cluster.self(n, key.get("secret_key").asText()).statusCode());
        }
    }

    private static JsonNode newKey(String body) throws Exception {
        JsonNode key = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys", body, null);
        assertTrue(key.has("secret_key"));
        return key;
    }

    private static String keyPath(JsonNode key) {
        return "/api/v1/applications/" + appId + "/keys/" + key.get("id").asText();
    }

    private static HttpResponse<String> send(int instance, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.urls().get(instance) + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long creditsRemaining(String keyId) throws Exception {
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                PreparedStatement query = db.prepareStatement("select credits_remaining from api_key where id = ?")) {
            query.setObject(1, UUID.fromString(keyId));
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getLong(1);
            }
        }
    }
}
