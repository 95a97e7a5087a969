package dev.latchkey.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Budgets across instances of the packaged service sharing one Redis: small limits exact, large
 * ones within a tenth, a per-instance fallback while Redis is down; usage flushed at shutdown.
 */
class RateLimitIT {

    private final String token = AdminTokens.platformAdmin();

    @Test
    void budgetsHoldAcrossInstancesAndSurviveARedisOutage() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(2)) {
            String appId = application(cluster);

            // 5 per minute, asked alternately of both instances: exactly 5 pass
            String small = key(cluster, appId, 5, 60);
            int admitted = 0;
            for (int i = 0; i < 20; i++) {
                admitted += cluster.self(i % 2, small).statusCode() == 200 ? 1 : 0;
            }
            assertEquals(5, admitted, "a small limit is exact across instances");

            // 1000 per hour, 1600 requests from 8 threads on both instances at once: within 10% below 1000, never above
            String large = key(cluster, appId, 1000, 3600);
            Map<Integer, AtomicInteger> statuses = blast(cluster, large, 1600);
            int passed = statuses.getOrDefault(200, new AtomicInteger()).get();
            System.out.println("1000/h across 2 instances, 1600 sent: " + statuses);
            assertTrue(passed <= 1000 && passed >= 900, "admitted " + passed + " of a budget of 1000");
            assertEquals(1600, statuses.values().stream().mapToInt(AtomicInteger::get).sum());
            assertEquals(1600, passed + statuses.getOrDefault(429, new AtomicInteger()).get(), "only 200 or 429: " + statuses);

            // Redis down: each instance limits alone (approximate: up to twice the budget), nothing fails
            String during = key(cluster, appId, 3, 3600);
            String halfSpent = key(cluster, appId, 3, 3600);
            assertEquals(200, cluster.self(0, halfSpent).statusCode());
            assertEquals(200, cluster.self(0, halfSpent).statusCode());
            cluster.servers().stopRedis();
            // what Redis said was spent in this window stays spent: one more, not three more
            int afterOutage = 0;
            for (int i = 0; i < 4; i++) {
                afterOutage += cluster.self(0, halfSpent).statusCode() == 200 ? 1 : 0;
            }
            assertEquals(1, afterOutage, "the fallback starts from what Redis last said");
            for (int n = 0; n < 2; n++) {
                int ok = 0;
                for (int i = 0; i < 5; i++) {
                    HttpResponse<String> answer = cluster.self(n, during);
                    assertTrue(answer.statusCode() == 200 || answer.statusCode() == 429, "answered " + answer.statusCode());
                    assertTrue(answer.headers().firstValue("RateLimit-Limit").isPresent());
                    ok += answer.statusCode() == 200 ? 1 : 0;
                }
                assertEquals(3, ok, "instance " + n + " applies the whole budget alone while Redis is down");
            }
            cluster.servers().startRedis();

            // back to one shared budget once Redis answers again: decisions come from Redis on both instances
            String probe = key(cluster, appId, 50, 3600);
            for (int n = 0; n < 2; n++) {
                int instance = n;
                Awaitility.await("instance " + n + " asks Redis again").atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            double before = redisDecisions(cluster, instance);
                            cluster.self(instance, probe);
                            return redisDecisions(cluster, instance) > before;
                        });
            }
            String after = key(cluster, appId, 2, 3600);
            int shared = 0;
            for (int i = 0; i < 6; i++) {
                shared += cluster.self(i % 2, after).statusCode() == 200 ? 1 : 0;
            }
            assertEquals(2, shared, "one budget across instances again after Redis returns");
        }
    }

    @Test
    void aGracefulShutdownFlushesTheUsageCounts() throws Exception {
        // flushes only at shutdown within this test: the interval is an hour
        try (ServiceInstances cluster = new ServiceInstances(1, Map.of("LATCHKEY_USAGE_FLUSH_INTERVAL", "1h"))) {
            String appId = application(cluster);
            String key = key(cluster, appId, 4, 3600);
            for (int i = 0; i < 7; i++) {
                cluster.self(0, key);
            }
            cluster.stopInstances();
            Map<String, Long> counts = new HashMap<>();
            try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                    PreparedStatement query = db.prepareStatement(
                            "select outcome, count from key_usage where application_id = ?::uuid order by outcome")) {
                query.setString(1, appId);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        counts.put(rows.getString(1), rows.getLong(2));
                    }
                }
            }
            assertEquals(Map.of("ok", 4L, "rate_limited", 3L), counts);
        }
    }

    /** Allowed decisions an instance took after asking Redis, from its Prometheus metrics. */
    private static double redisDecisions(ServiceInstances cluster, int instance) throws Exception {
        for (String line : cluster.management(instance, "/q/metrics").body().split("\n")) {
            if (line.startsWith("latchkey_rate_limit_decisions_total{") && line.contains("source=\"redis\"")
                    && line.contains("decision=\"allowed\"")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private String application(ServiceInstances cluster) throws Exception {
        return cluster.createApplication(token, "Limits").get("id").asText();
    }

    private String key(ServiceInstances cluster, String appId, int limit, int windowSeconds) throws Exception {
        JsonNode key = cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"limited\",\"environment\":\"live\",\"rate_limit\":{\"limit\":" + limit + ",\"window_seconds\":"
                        + windowSeconds + "}}", null);
        return key.get("secret_key").asText();
    }

    private static Map<Integer, AtomicInteger> blast(ServiceInstances cluster, String key, int requests) throws Exception {
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int instance = t % 2;
            done.add(threads.submit(() -> {
                while (next.getAndIncrement() < requests) {
                    int status = cluster.self(instance, key).statusCode();
                    statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        threads.shutdown();
        return statuses;
    }
}
