package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.common.RedisKeys;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.RedisTopology;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Three packaged instances on highly available Redis (CONTRACT section 12), under key checks: a
 * Sentinel-watched primary with one replica, and a Redis Cluster of three primaries with a replica
 * each. Keys are revoked and rotated, and the Redis primary holding the verification keys is
 * killed (SIGKILL) right after a change was answered, with its replica cut off first so the change
 * cannot have reached it: the failover loses it. No old key may be accepted after its change was
 * answered; valid keys keep being answered; the instances recover by themselves. On the cluster,
 * a small rate limit is also exact across instances. {@code it.failovers} sets how many Sentinel
 * failovers run (CI: 1; reliability/run: 5).
 */
class RedisFailoverIT {

    private static final int FAILOVERS = Integer.getInteger("it.failovers", 1);
    private static final List<Integer> ALL = List.of(0, 1, 2);
    private final String token = AdminTokens.platformAdmin();
    private String appId;
    private String liveSecret;

    @Test
    void sentinelFailoversLoseNoRevocation() throws Exception {
        try (RedisTopology redis = RedisTopology.sentinel();
                ServiceInstances cluster = new ServiceInstances(3, settings(redis))) {
            run("Sentinel: primary + replica + 3 Sentinels, primary killed " + FAILOVERS + " times", redis, cluster, FAILOVERS, true);
        }
    }

    @Test
    void aRedisClusterKeepsLimitsExactAndLosesNoRevocationWhenAPrimaryDies() throws Exception {
        try (RedisTopology redis = RedisTopology.cluster();
                ServiceInstances cluster = new ServiceInstances(3, settings(redis))) {
            String appId = cluster.createApplication(token, "Cluster limits").get("id").asText();
            String small = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                    "{\"name\":\"five a minute\",\"environment\":\"live\",\"rate_limit\":{\"limit\":5,\"window_seconds\":60}}", null)
                    .get("secret_key").asText();
            int admitted = 0;
            for (int i = 0; i < 12; i++) {
                admitted += cluster.self(i % 3, small).statusCode() == 200 ? 1 : 0;
            }
            assertEquals(5, admitted, "5 a minute across three instances on a Redis Cluster");
            assertFalse(cluster.logs().contains("counted per instance"), "the limiter never fell back on the cluster");
            run("Redis Cluster: 3 primaries + 3 replicas, the verification keys' primary killed once", redis, cluster, 1, false);
        }
    }

    private static Map<String, String> settings(RedisTopology redis) {
        Map<String, String> settings = new HashMap<>(redis.serviceSettings());
        settings.put("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000");
        settings.put("LATCHKEY_RATE_LIMIT_TEST_LIMIT", "1000000");
        return settings;
    }

    /**
     * Changes keys under traffic; {@code failovers} times, right after a change was answered,
     * kills the primary (whose replica was cut off, so the change exists on the primary alone).
     */
    private void run(String scenario, RedisTopology redis, ServiceInstances cluster, int failovers, boolean restartKilled)
            throws Exception {
        JsonNode app = cluster.createApplication(token, "Failover");
        appId = app.get("id").asText();
        liveSecret = app.at("/keys/live/secret_key").asText();
        cluster.awaitRedisState("connected", ALL);
        CheckTraffic traffic = new CheckTraffic(cluster.urls(), 4);
        String survivor = newKey(cluster, "survivor").get("secret_key").asText();
        traffic.use(survivor);
        traffic.use(liveSecret);
        traffic.start();
        List<Long> recoveries = new ArrayList<>();
        long duringChecks = 0;
        long duringAnswered = 0;
        int lostChanges = 0;
        int changes = 0;
        for (int round = 0; round < failovers; round++) {
            // a rotation and a revocation with the primary healthy
            rotate(cluster, traffic);
            revoke(cluster, traffic, newKey(cluster, "revoked"));
            changes += 2;
            // then a change the failover loses: made on the primary alone, which dies right after the answer
            JsonNode doomed = newKey(cluster, "doomed " + round);
            int primary = redis.primaryFor(RedisKeys.INVALIDATIONS);
            long streamBefore = streamLength(primary);
            redis.cutReplication(primary, 5);
            if (round % 2 == 0) {
                revoke(cluster, traffic, doomed);
            } else {
                rotate(cluster, traffic);
            }
            changes++;
            boolean appended = streamLength(primary) > streamBefore;
            long checksBefore = traffic.liveChecks.get();
            long failuresBefore = traffic.liveFailures.get();
            redis.kill(primary);
            long killed = System.nanoTime();
            int promoted = redis.awaitFailover(primary, RedisKeys.INVALIDATIONS, Duration.ofSeconds(30));
            lostChanges += appended && streamLength(promoted) <= streamBefore ? 1 : 0;
            cluster.awaitRedisState("connected", ALL);
            for (int n : ALL) {
                int instance = n;
                Awaitility.await("instance " + n + " answers checks again").atMost(Duration.ofSeconds(30))
                        .until(() -> cluster.self(instance, survivor).statusCode() == 200);
            }
            recoveries.add((System.nanoTime() - killed) / 1_000_000);
            long checks = traffic.liveChecks.get() - checksBefore;
            duringChecks += checks;
            duringAnswered += checks - (traffic.liveFailures.get() - failuresBefore);
            if (restartKilled) {
                redis.restartAsReplica(primary);
            }
        }
        rotate(cluster, traffic);
        revoke(cluster, traffic, newKey(cluster, "revoked after"));
        changes += 2;
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        traffic.stop();
        long validAnswered = traffic.liveChecks.get() - traffic.liveFailures.get();
        ReliabilityFigures.record(scenario, traffic, ("%d changes (rotations and revocations); of the %d answered right before"
                + " the kill, %d lost by the failover; checks with old keys after their change: %d, accepted %d; valid checks"
                + " answered %d of %d, of which %d of %d between a kill and the recovery; from the kill to every instance"
                + " answering through Redis again, ms: %s").formatted(changes, failovers, lostChanges, traffic.retiredChecks.get(),
                traffic.violations.get(), validAnswered, traffic.liveChecks.get(), duringAnswered, duringChecks, recoveries));
        assertEquals(0, traffic.violations.get(), "an old key accepted after its change was answered: " + traffic.summary());
        assertEquals(failovers, lostChanges, "every kill took the change made on the primary alone along (else the scenario proves less)");
        assertTrue(traffic.retiredChecks.get() > 0, "old keys were tried after their change");
        for (String old : traffic.retiredKeys()) {
            for (int n : ALL) {
                assertEquals(401, cluster.self(n, old).statusCode(), "an old key after the failovers, instance " + n);
            }
        }
        assertEquals(0, traffic.serverErrors.get(), "no 5xx for key checks: " + traffic.summary());
        String logs = cluster.logs();
        assertFalse(logs.contains(survivor) || logs.contains(token), "a key or token in a log");
    }

    /** A new live secret key, checked on every instance so that each caches it, and Redis too (the first check sends the fill). */
    private JsonNode newKey(ServiceInstances cluster, String name) throws Exception {
        JsonNode created = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"" + name + "\",\"environment\":\"live\"}", null);
        warm(cluster, created.get("secret_key").asText());
        return created;
    }

    private static void warm(ServiceInstances cluster, String key) throws Exception {
        for (int n : ALL) {
            assertEquals(200, cluster.self(n, key).statusCode());
        }
    }

    /** Rotates the application's live secret key without grace, through a random instance. */
    private void rotate(ServiceInstances cluster, CheckTraffic traffic) throws Exception {
        warm(cluster, liveSecret);
        traffic.retiring(liveSecret);
        long sent = System.nanoTime();
        String fresh = cluster.admin(token, "POST", ThreadLocalRandom.current().nextInt(3),
                "/api/v1/settings/applications/" + appId + "/rotate-secret", "{\"environment\":\"live\",\"grace_period_seconds\":0}",
                null).get("secret_key").asText();
        traffic.retire(liveSecret, traffic.answered(sent));
        liveSecret = fresh;
        traffic.use(fresh);
    }

    private void revoke(ServiceInstances cluster, CheckTraffic traffic, JsonNode key) throws Exception {
        String value = key.get("secret_key").asText();
        traffic.use(value);
        traffic.retiring(value);
        long sent = System.nanoTime();
        cluster.admin(token, "DELETE", ThreadLocalRandom.current().nextInt(3),
                "/api/v1/applications/" + appId + "/keys/" + key.get("id").asText(), null, null);
        traffic.retire(value, traffic.answered(sent));
    }

    private static long streamLength(int port) {
        return RedisTopology.command(port, "XLEN", RedisKeys.INVALIDATIONS).toLong();
    }
}
