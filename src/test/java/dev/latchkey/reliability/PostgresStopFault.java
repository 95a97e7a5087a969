package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops for 10 s under key checks and document writes on two instances. Warm keys keep
 * verifying from the caches; writes answer 503 {@code unavailable}, never 500; and after the
 * restart every write that was acknowledged is stored, whole, without restarting an instance.
 */
class PostgresStopFault {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void warmKeysVerifyWritesAnswer503AndNoAcknowledgedWriteIsLost() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(2)) {
            String token = AdminTokens.platformAdmin();
            JsonNode app = cluster.createApplication(token, "PG stop");
            String appId = app.get("id").asText();
            String sk = app.at("/keys/live/secret_key").asText();
            String coldKey = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                    "{\"name\":\"cold\",\"environment\":\"live\"}", null).get("secret_key").asText();
            for (int n = 0; n < 2; n++) {
                assertEquals(200, cluster.self(n, sk).statusCode());
            }

            CheckTraffic checks = new CheckTraffic(cluster.urls(), 2);
            checks.use(sk);
            Writes writes = new Writes(cluster, sk);
            checks.start();
            writes.start(2);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> writes.acknowledged.size() >= 20);

            cluster.servers().stopPostgres();
            long outageStart = System.nanoTime();
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            int coldStatus = cluster.self(0, coldKey).statusCode();
            String coldError = JSON.readTree(cluster.self(1, coldKey).body()).path("error").asText();
            long checksBefore = checks.liveChecks.get();
            long failuresBefore = checks.liveFailures.get();
            Awaitility.await().pollDelay(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - outageStart))).until(() -> true);
            long outageChecks = checks.liveChecks.get() - checksBefore;
            long outageCheckFailures = checks.liveFailures.get() - failuresBefore;

            cluster.servers().startPostgres();
            long restarted = System.nanoTime();
            int acknowledgedAtRestart = writes.acknowledged.size();
            Awaitility.await("writes succeed again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> writes.acknowledged.size() > acknowledgedAtRestart);
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            writes.stop();
            checks.stop();

            Map<String, Long> stored = storedSequences(cluster.jdbcUrl(), appId);
            long lost = writes.acknowledged.entrySet().stream()
                    .filter(ack -> !Long.valueOf(ack.getValue()).equals(stored.get(ack.getKey()))).count();
            long halfWritten = stored.values().stream().filter(seq -> seq == null).count();
            long unacknowledgedButStored = stored.keySet().stream().filter(id -> !writes.acknowledged.containsKey(id)).count();
            String notes = ("outage %d s; warm-key checks during it: %d, failed %d; cold key: %d %s; writes: %s, unanswered %d;"
                    + " acknowledged %d, lost %d, half-written %d, stored without an answer %d; writes back %d ms after the restart")
                    .formatted(OUTAGE.toSeconds(), outageChecks, outageCheckFailures, coldStatus, coldError,
                            new TreeMap<>(writes.statuses), writes.unanswered.get(), writes.acknowledged.size(), lost, halfWritten,
                            unacknowledgedButStored, recoveryMillis);
            ReliabilityFigures.record("PostgreSQL stopped 10 s (2 instances)", checks.sent.get() + writes.sent.get(),
                    checks.checks.get() + writes.sent.get() - writes.unanswered.get(),
                    checks.serverErrors.get() + writes.serverErrors(), checks.violations.get(), lost, notes);

            assertEquals(0, outageCheckFailures, "warm keys keep verifying while PostgreSQL is down");
            assertTrue(outageChecks > 0);
            assertEquals(503, coldStatus, "a key that needs PostgreSQL is unavailable, not invalid");
            assertEquals("unavailable", coldError);
            assertEquals(0, writes.statuses.keySet().stream().filter(s -> s != 201 && s != 503).count(),
                    "writes answer 201 or 503 only: " + writes.statuses);
            assertTrue(writes.statuses.getOrDefault(503, new AtomicLong()).get() > 0, "writes were refused during the outage");
            assertEquals(writes.statuses.getOrDefault(503, new AtomicLong()).get(), writes.unavailableBodies.get(),
                    "every 503 carries the contract's unavailable body");
            assertEquals(0, lost, "acknowledged writes missing after the restart");
            assertEquals(0, halfWritten, "documents stored without their whole body");
            String logs = cluster.logs();
            assertFalse(logs.contains(sk) || logs.contains(coldKey) || logs.contains(token), "a key or token appears in a log");
        }
    }

    /** Every stored document of the application: id and the sequence number its body carries (null if none). */
    private static Map<String, Long> storedSequences(String jdbcUrl, String appId) throws Exception {
        Map<String, Long> stored = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement query = connection.prepareStatement(
                        "select id::text, (body->>'seq')::bigint from document where application_id = ?::uuid")) {
            query.setString(1, appId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long seq = rows.getLong(2);
                    stored.put(rows.getString(1), rows.wasNull() ? null : seq);
                }
            }
        }
        return stored;
    }

    /** Threads writing numbered documents on alternating instances, remembering each acknowledged one. */
    private static final class Writes {

        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong unanswered = new AtomicLong();
        final AtomicLong unavailableBodies = new AtomicLong();
        private final ServiceInstances cluster;
        private final String key;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private ExecutorService threads;

        Writes(ServiceInstances cluster, String key) {
            this.cluster = cluster;
            this.key = key;
        }

        void start(int count) {
            threads = Executors.newFixedThreadPool(count);
            for (int t = 0; t < count; t++) {
                threads.submit(() -> {
                    while (running.get()) {
                        write(sequence.incrementAndGet());
                    }
                    return null;
                });
            }
        }

        private void write(int seq) {
            sent.incrementAndGet();
            HttpRequest request = HttpRequest.newBuilder(URI.create(cluster.urls().get(seq % 2) + "/api/data/ledger"))
                    .header("x-api-key", key).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"seq\":" + seq + ",\"payload\":\"" + "p".repeat(200) + "\"}"))
                    .build();
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicLong()).incrementAndGet();
                JsonNode body = JSON.readTree(response.body());
                if (response.statusCode() == 201) {
                    acknowledged.put(body.at("/data/_id").asText(), (long) seq);
                } else if (response.statusCode() == 503 && "unavailable".equals(body.path("error").asText())) {
                    unavailableBodies.incrementAndGet();
                }
            } catch (Exception e) {
                unanswered.incrementAndGet();
            }
        }

        long serverErrors() {
            return statuses.entrySet().stream().filter(e -> e.getKey() >= 500 && e.getKey() != 503)
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
