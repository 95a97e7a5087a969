package dev.latchkey.credits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * Three packaged instances, eight threads, a key with 1,000 credits and 5,000 requests spread over
 * the instances: exactly 1,000 are served, the rest refused with 429 {@code usage_exceeded}. The
 * same with Redis stopped after the first quarter of the requests (credits do not use Redis).
 * Every {@code remaining} an answer shows is checked against the truth: at most the credits minus
 * the answers served before that request was sent, minus the request itself.
 */
class CreditsIT {

    private static final int CREDITS = 1000;
    private static final int REQUESTS = 5000;
    private static final int THREADS = 8;
    private static final Pattern REMAINING = Pattern.compile("\"remaining\":(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aKeyServesExactlyItsCreditsAcrossInstances() throws Exception {
        Map<String, Integer> statuses = spend(false);
        assertEquals(Map.of("200", CREDITS, "429 usage_exceeded", REQUESTS - CREDITS), statuses);
    }

    @Test
    void aKeyServesExactlyItsCreditsThroughARedisOutage() throws Exception {
        Map<String, Integer> statuses = spend(true);
        assertEquals(Map.of("200", CREDITS, "429 usage_exceeded", REQUESTS - CREDITS), statuses);
    }

    /**
     * A burst larger than the credits, all at once across the instances: exactly the credits are
     * served, never fewer while credits remain (requests that wait for a lease are counted in it,
     * instead of giving up after a few leases of one credit each).
     */
    @Test
    void aBurstIsServedExactlyItsCredits() throws Exception {
        int credits = 30;
        int burst = 90;
        try (ServiceInstances cluster = new ServiceInstances(3)) {
            String key = meteredKey(cluster, credits);
            AtomicInteger served = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(burst);
            Map<String, Integer> statuses = new TreeMap<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> answers = new ArrayList<>();
                for (int n = 0; n < burst; n++) {
                    String base = cluster.urls().get(n % 3);
                    answers.add(threads.submit(() -> {
                        start.await();
                        return outcome(base, key, served, credits);
                    }));
                }
                for (Future<String> answer : answers) {
                    statuses.merge(answer.get(), 1, Integer::sum);
                }
            }
            ReliabilityFigures.record("credits: a burst of " + burst + " at once on 3 instances, " + credits + " credits", burst, burst, 0,
                    Math.max(0, statuses.getOrDefault("200", 0) - credits), 0, "statuses " + statuses);
            assertEquals(Map.of("200", credits, "429 usage_exceeded", burst - credits), statuses);
        }
    }

    private static Map<String, Integer> spend(boolean stopRedis) throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(3)) {
            String key = meteredKey(cluster, CREDITS);
            Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
            AtomicInteger served = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            long started = System.nanoTime();
            for (int t = 0; t < THREADS; t++) {
                threads.submit(() -> {
                    int n;
                    while ((n = sent.getAndIncrement()) < REQUESTS) {
                        if (stopRedis && n == REQUESTS / 4) {
                            cluster.servers().stopRedis();
                        }
                        counts.computeIfAbsent(outcome(cluster.urls().get(n % 3), key, served, CREDITS), k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                });
            }
            threads.shutdown();
            threads.awaitTermination(5, TimeUnit.MINUTES);
            if (stopRedis) {
                cluster.servers().startRedis();
            }
            Map<String, Integer> statuses = new TreeMap<>();
            counts.forEach((status, count) -> statuses.put(status, count.get()));
            long millis = (System.nanoTime() - started) / 1_000_000;
            ReliabilityFigures.record("credits: 1,000 on 3 instances, 5,000 requests" + (stopRedis ? ", Redis stopped after 1,250" : ""),
                    REQUESTS, REQUESTS, 0, Math.max(0, statuses.getOrDefault("200", 0) - CREDITS), 0,
                    "statuses " + statuses + " in " + millis + " ms");
            return statuses;
        }
    }

    /** A live secret key with {@code credits}, in a new application. */
    private static String meteredKey(ServiceInstances cluster, int credits) throws Exception {
        String token = AdminTokens.platformAdmin();
        String appId = cluster.createApplication(token, "Credits").get("id").asText();
        return cluster.admin(token, "POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"metered\",\"environment\":\"live\",\"credits\":{\"remaining\":" + credits + "}}", null)
                .get("secret_key").asText();
    }

    private static String outcome(String base, String key, AtomicInteger served, int credits) {
        try {
            int servedBefore = served.get();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/keys/self"))
                    .header("x-api-key", key).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                served.incrementAndGet();
                Matcher shown = REMAINING.matcher(answer.body());
                if (!shown.find()) {
                    return "200 without remaining";
                }
                return Long.parseLong(shown.group(1)) > credits - servedBefore - 1 ? "200 showing more than is left" : "200";
            }
            return answer.statusCode() == 429 && answer.body().contains("\"usage_exceeded\"") ? "429 usage_exceeded"
                    : String.valueOf(answer.statusCode());
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
