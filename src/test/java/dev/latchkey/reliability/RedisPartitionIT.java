package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import dev.latchkey.support.TcpProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One instance of three is cut off from Redis (a proxy between it and Redis stops forwarding)
 * while it still reaches PostgreSQL, and the others still reach both: the partition that
 * docs/VERIFICATION.md used to list as untested. A key revoked through a connected instance is
 * refused by the cut-off one (its lease has ended, so it reads PostgreSQL); a key revoked through
 * the cut-off instance is published by another instance's outbox relay, and refused everywhere
 * once the revocation is answered. Valid keys keep working on all three; after the partition
 * heals, the cut-off instance is back in sync by itself.
 */
class RedisPartitionIT {

    private static final List<Integer> ALL = List.of(0, 1, 2);
    private static final int CUT = 2;
    private final String token = AdminTokens.platformAdmin();

    @Test
    void anInstanceCutOffFromRedisNeitherAcceptsNorLetsOthersAcceptARevokedKey() throws Exception {
        try (TcpProxy proxy = new TcpProxy();
                ServiceInstances cluster = new ServiceInstances(3,
                        Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000", "LATCHKEY_RATE_LIMIT_TEST_LIMIT", "1000000"),
                        Map.of(CUT, Map.of("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:" + proxy.port())))) {
            proxy.forwardTo(cluster.redisPort());
            cluster.awaitRedisState("connected", ALL);
            String appId = cluster.createApplication(token, "Partition").get("id").asText();
            JsonNode survivor = newKey(cluster, appId, "survivor");
            JsonNode byConnected = newKey(cluster, appId, "revoked through a connected instance");
            JsonNode byCutOff = newKey(cluster, appId, "revoked through the cut-off instance");
            CheckTraffic traffic = new CheckTraffic(cluster.urls(), 4);
            for (JsonNode key : List.of(survivor, byConnected, byCutOff)) {
                traffic.use(key.get("secret_key").asText());
            }
            traffic.start();
            Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);

            proxy.cut();
            long cutAt = System.nanoTime();
            long byConnectedMillis = revoke(cluster, traffic, appId, byConnected, 0);
            cluster.awaitRedisState("degraded", List.of(CUT));
            long byCutOffMillis = revoke(cluster, traffic, appId, byCutOff, CUT);
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, byConnected.get("secret_key").asText()).statusCode(), "instance " + n);
                assertEquals(401, cluster.self(n, byCutOff.get("secret_key").asText()).statusCode(), "instance " + n);
                assertEquals(200, cluster.self(n, survivor.get("secret_key").asText()).statusCode(), "instance " + n);
            }
            Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
            long partitionMillis = (System.nanoTime() - cutAt) / 1_000_000;

            proxy.heal();
            long healed = System.nanoTime();
            cluster.awaitRedisState("connected", ALL);
            long recoveryMillis = (System.nanoTime() - healed) / 1_000_000;
            JsonNode afterwards = newKey(cluster, appId, "revoked after the partition");
            traffic.use(afterwards.get("secret_key").asText());
            long afterMillis = revoke(cluster, traffic, appId, afterwards, 1);
            Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
            traffic.stop();

            long validAnswered = traffic.liveChecks.get() - traffic.liveFailures.get();
            ReliabilityFigures.record("One instance of 3 cut off from Redis for %d s (a proxy drops its traffic)".formatted(
                    partitionMillis / 1000), traffic, ("checks with the revoked keys after their revocation: %d, accepted %d;"
                    + " valid checks answered %d of %d; revocation answered in %d ms through a connected instance, %d ms through"
                    + " the cut-off one (published by another's relay), %d ms after the partition healed; the cut-off instance back"
                    + " in sync %d ms after the heal").formatted(traffic.retiredChecks.get(), traffic.violations.get(),
                    validAnswered, traffic.liveChecks.get(), byConnectedMillis, byCutOffMillis, afterMillis, recoveryMillis));
            assertEquals(0, traffic.violations.get(), "a revoked key accepted after its revocation: " + traffic.summary());
            assertTrue(traffic.retiredChecks.get() > 0, "revoked keys were tried after their revocation");
            assertEquals(0, traffic.serverErrors.get(), "no 5xx: " + traffic.summary());
            assertTrue(validAnswered * 100 >= traffic.liveChecks.get() * 99, "at least 99% of valid checks answered: " + traffic.summary());
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, afterwards.get("secret_key").asText()).statusCode(), "instance " + n);
            }
            // the cut-off writer's change reached the others through a connected instance's relay
            assertTrue(cluster.logs().contains("Published 1 invalidation(s) that their writer had not"),
                    "a connected instance's relay published the cut-off writer's revocation");
        }
    }

    private JsonNode newKey(ServiceInstances cluster, String appId, String name) throws Exception {
        JsonNode created = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"" + name + "\",\"environment\":\"live\"}", null);
        for (int n : ALL) {
            assertEquals(200, cluster.self(n, created.get("secret_key").asText()).statusCode());
        }
        return created;
    }

    /** Revokes through one instance; how long the answer took, in ms. */
    private long revoke(ServiceInstances cluster, CheckTraffic traffic, String appId, JsonNode key, int through) throws Exception {
        String value = key.get("secret_key").asText();
        traffic.retiring(value);
        long sent = System.nanoTime();
        cluster.admin(token, "DELETE", through, "/api/v1/applications/" + appId + "/keys/" + key.get("id").asText(), null, null);
        long answered = traffic.answered(sent);
        traffic.retire(value, answered);
        return (answered - sent) / 1_000_000;
    }
}
