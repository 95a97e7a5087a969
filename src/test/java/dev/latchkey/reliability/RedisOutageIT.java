package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Redis stops for 10 s under key checks on three instances, and a key is revoked while it is
 * down. No instance accepts the revoked key, valid keys keep working from PostgreSQL, readiness
 * says "degraded" without taking the instances out, at least 99% of valid checks are answered,
 * and every instance is back in sync by itself after Redis returns (a revocation after the
 * recovery reaches all of them). Runs in {@code ./mvnw verify}; {@code reliability/run} records
 * its figures.
 */
class RedisOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final List<Integer> ALL = List.of(0, 1, 2);

    @Test
    void revokedKeysStayRefusedAndValidKeysAnswered() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(3)) {
            String token = AdminTokens.platformAdmin();
            String appId = cluster.createApplication(token, "Redis stop")
                    .get("id").asText();
            JsonNode doomed = createKey(cluster, token, appId, "doomed");
            JsonNode survivor = createKey(cluster, token, appId, "survivor");
            String doomedKey = doomed.get("secret_key").asText();
            String survivorKey = survivor.get("secret_key").asText();
            cluster.awaitRedisState("connected", ALL);
            for (int n : ALL) {
                assertEquals(200, cluster.self(n, doomedKey).statusCode());
                assertEquals(200, cluster.self(n, survivorKey).statusCode());
            }

            CheckTraffic traffic = new CheckTraffic(cluster.urls(), 4);
            traffic.use(doomedKey);
            traffic.use(survivorKey);
            traffic.start();
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

            cluster.servers().stopRedis();
            long stopped = System.nanoTime();
            traffic.retiring(doomedKey);
            long sent = System.nanoTime();
            cluster.admin(token, "DELETE", 1, "/api/v1/applications/" + appId + "/keys/" + doomed.get("id").asText(), null, null);
            traffic.retire(doomedKey, traffic.answered(sent));
            long revocationMillis = (System.nanoTime() - sent) / 1_000_000;
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, doomedKey).statusCode(), "revoked key refused by instance " + n + " while Redis is down");
                assertEquals(200, cluster.self(n, survivorKey).statusCode(), "valid key answered by instance " + n + " while Redis is down");
            }
            cluster.awaitRedisState("degraded", ALL);
            assertEquals(200, cluster.management(0, "/q/health/ready").statusCode(), "degraded is still ready");
            Awaitility.await().atMost(OUTAGE.plusSeconds(1))
                    .pollDelay(OUTAGE.minus(Duration.ofNanos(System.nanoTime() - stopped))).until(() -> true);
            cluster.servers().startRedis();
            long restarted = System.nanoTime();
            cluster.awaitRedisState("connected", ALL);
            long recoveryMillis = (System.nanoTime() - restarted) / 1_000_000;
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            traffic.stop();

            double answeredShare = 100.0 * (traffic.liveChecks.get() - traffic.liveFailures.get()) / traffic.liveChecks.get();
            ReliabilityFigures.record("Redis stopped 10 s (3 instances), a key revoked meanwhile", traffic,
                    ("valid checks answered %.2f%% (%d of %d); checks with the revoked key after its revocation: %d, accepted %d;"
                            + " revocation answered in %d ms; all instances back in sync %d ms after the restart, none restarted")
                            .formatted(answeredShare, traffic.liveChecks.get() - traffic.liveFailures.get(), traffic.liveChecks.get(),
                                    traffic.retiredChecks.get(), traffic.violations.get(), revocationMillis, recoveryMillis));
            assertEquals(0, traffic.violations.get(), "the revoked key accepted during or after the outage");
            assertTrue(traffic.retiredChecks.get() > 0, "the revoked key was tried after its revocation");
            assertTrue(answeredShare >= 99.0, "at least 99% of valid checks answered: " + answeredShare);
            assertEquals(0, traffic.serverErrors.get(), "no 5xx for key checks");
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, doomedKey).statusCode());
                assertEquals(200, cluster.self(n, survivorKey).statusCode());
            }
            cluster.admin(token, "DELETE", 2, "/api/v1/applications/" + appId + "/keys/" + survivor.get("id").asText(), null, null);
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, survivorKey).statusCode(), "revocation after recovery reaches instance " + n);
            }
            String logs = cluster.logs();
            assertFalse(logs.contains(doomedKey) || logs.contains(survivorKey) || logs.contains(token), "a key or token appears in a log");
        }
    }

    private static JsonNode createKey(ServiceInstances cluster, String token, String appId, String name) throws Exception {
        return cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"" + name + "\",\"environment\":\"live\"}", null);
    }
}
