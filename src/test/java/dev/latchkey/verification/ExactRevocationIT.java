package dev.latchkey.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances of the packaged service share one PostgreSQL and one Redis. Under concurrent
 * traffic that keeps using old keys (so every instance has them cached), a secret key is rotated
 * or revoked through one instance; any request sent after that answer returned and accepted by any
 * instance with the old key is a violation. There must be none.
 */
class ExactRevocationIT {

    private static final int INSTANCES = 3;
    /** The reliability run asks for more (reliability/run). */
    private static final int ROTATIONS = Integer.getInteger("it.rotations", 50);
    private static final int REVOCATIONS = 20;
    private static final int TRAFFIC_THREADS = 6;
    private static final int STALLS = 8;
    private static final int SUSPENSIONS = 10;

    private static ServiceInstances cluster;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();
    private static String token;
    private static String appId;
    private static String liveSecret;
    private static CheckTraffic probe;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ServiceInstances(INSTANCES);
        probe = new CheckTraffic(cluster.urls(), 1);
        token = AdminTokens.platformAdmin();
        SECRETS.add(token);
        String tenant = "it-" + System.nanoTime();
        admin("POST", 0, "/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"IT\"}", null);
        JsonNode app = admin("POST", 0, "/api/v1/applications", "{\"name\":\"Exactness\"}", tenant);
        appId = app.get("id").asText();
        liveSecret = app.at("/keys/live/secret_key").asText();
        SECRETS.add(liveSecret);
        SECRETS.add(app.at("/keys/test/secret_key").asText());
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            for (String url : cluster.managementUrls()) {
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                metrics.lines().filter(line -> line.startsWith("latchkey_invalidation_wait_seconds"))
                        .forEach(line -> System.out.println(url + " " + line));
            }
            String logs = cluster.logs();
            for (String secret : SECRETS) {
                assertFalse(logs.contains(secret), "a key or token appears in an instance's log");
            }
        } finally {
            cluster.close();
        }
    }

    @Test
    void noInstanceAcceptsARotatedOutKey() throws Exception {
        CheckTraffic traffic = rotateUnderTraffic(ROTATIONS, () -> { });
        report("rotation", traffic);
        assertEquals(0, traffic.violations.get(), "requests accepted with a rotated-out key after the rotation answered");
        assertTrue(traffic.retiredChecks.get() > ROTATIONS, "old keys were tried after their rotation: " + traffic.retiredChecks.get());
    }

    @Test
    void noInstanceAcceptsARevokedKey() throws Exception {
        CheckTraffic traffic = new CheckTraffic(cluster.urls(), TRAFFIC_THREADS);
        traffic.start();
        try {
            for (int i = 0; i < REVOCATIONS; i++) {
                JsonNode created = admin("POST", i % INSTANCES, "/api/v1/applications/" + appId + "/keys",
                        "{\"name\":\"doomed-" + i + "\",\"environment\":\"live\"}", null);
                String key = created.get("secret_key").asText();
                SECRETS.add(key);
                traffic.use(key);
                awaitWarm(key);
                traffic.retiring(key);
                long sent = System.nanoTime();
                admin("DELETE", (i + 1) % INSTANCES, "/api/v1/applications/" + appId + "/keys/" + created.get("id").asText(), null, null);
                traffic.retire(key, traffic.answered(sent));
            }
            // a last burst of old keys against every instance
            for (String old : traffic.retiredKeys()) {
                for (int n = 0; n < INSTANCES; n++) {
                    traffic.check(n, old);
                }
            }
        } finally {
            traffic.stop();
        }
        report("revocation", traffic);
        assertEquals(0, traffic.violations.get(), "requests accepted with a revoked key after the revocation answered");
    }

    /** Suspension is exact like revocation (CONTRACT section 8), and so is lifting it. */
    @Test
    void noInstanceAcceptsASuspendedKeyAndEveryInstanceAcceptsItOnceEnabled() throws Exception {
        CheckTraffic traffic = new CheckTraffic(cluster.urls(), TRAFFIC_THREADS);
        List<String> suspended = new ArrayList<>();
        traffic.start();
        try {
            for (int i = 0; i < SUSPENSIONS; i++) {
                JsonNode created = admin("POST", i % INSTANCES, "/api/v1/applications/" + appId + "/keys",
                        "{\"name\":\"suspended-" + i + "\",\"environment\":\"live\"}", null);
                String key = created.get("secret_key").asText();
                String path = "/api/v1/applications/" + appId + "/keys/" + created.get("id").asText();
                SECRETS.add(key);
                traffic.use(key);
                awaitWarm(key);
                traffic.retiring(key);
                long sent = System.nanoTime();
                admin("PATCH", (i + 1) % INSTANCES, path, "{\"enabled\":false}", null);
                traffic.retire(key, traffic.answered(sent));
                suspended.add(path + " " + key);
            }
        } finally {
            traffic.stop();
        }
        report("suspension", traffic);
        // every instance has them cached as suspended: enabling takes effect on all before the answer
        for (int i = 0; i < suspended.size(); i++) {
            String[] pathAndKey = suspended.get(i).split(" ");
            admin("PATCH", i % INSTANCES, pathAndKey[0], "{\"enabled\":true}", null);
            for (int n = 0; n < INSTANCES; n++) {
                assertEquals(200, cluster.self(n, pathAndKey[1]).statusCode(), "enabled key refused by instance " + n);
            }
        }
        assertEquals(0, traffic.violations.get(), "requests accepted with a suspended key after the suspension answered");
        assertTrue(traffic.retiredChecks.get() > 0, "suspended keys were tried after their suspension");
    }

    /**
     * Redis stalls past the instances' timeout just as keys are rotated: a publication that timed
     * out may or may not have landed, and no instance may keep accepting the old key either way.
     */
    @Test
    void noInstanceAcceptsARotatedOutKeyWhenRedisStalls() throws Exception {
        CheckTraffic traffic = rotateUnderTraffic(STALLS, () -> cluster.stallRedis(1.5));
        report("rotation through Redis stalls", traffic);
        assertEquals(0, traffic.violations.get(), "requests accepted with a rotated-out key after the rotation answered");
    }

    interface Step {
        void run() throws Exception;
    }

    /** Rotates the live secret key under traffic, {@code beforeEach} running just before each rotation. */
    private static CheckTraffic rotateUnderTraffic(int rotations, Step beforeEach) throws Exception {
        String current = liveSecret;
        CheckTraffic traffic = new CheckTraffic(cluster.urls(), TRAFFIC_THREADS);
        traffic.use(current);
        traffic.start();
        try {
            for (int i = 0; i < rotations; i++) {
                awaitWarm(current);
                beforeEach.run();
                traffic.retiring(current);
                long sent = System.nanoTime();
                String fresh = rotate(i % INSTANCES, current);
                traffic.retire(current, traffic.answered(sent));
                traffic.use(fresh);
                current = fresh;
            }
            awaitWarm(current);
        } finally {
            traffic.stop();
        }
        return traffic;
    }

    private static String rotate(int instance, String current) throws Exception {
        String fresh = admin("POST", instance, "/api/v1/settings/applications/" + appId + "/rotate-secret",
                "{\"environment\":\"live\",\"grace_period_seconds\":0}", null).get("secret_key").asText();
        SECRETS.add(fresh);
        liveSecret = fresh;
        return fresh;
    }

    /** Until the key has been accepted by every instance, so that each has it cached. */
    private static void awaitWarm(String key) throws Exception {
        for (int n = 0; n < INSTANCES; n++) {
            assertEquals(200, probe.status(n, key), "a valid key is accepted on instance " + n);
            assertEquals(200, probe.status(n, key));
        }
    }

    private static void report(String what, CheckTraffic traffic) {
        System.out.printf("%s: %s%n", what, traffic.summary());
        ReliabilityFigures.record(INSTANCES + " instances, " + what, traffic, traffic.summary());
    }

    private static JsonNode admin(String method, int instance, String path, String body, String tenant) throws Exception {
        return cluster.admin(token, method, instance, path, body, tenant);
    }
}
