package dev.latchkey.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that keep checking keys ({@code GET /api/v1/keys/self}) on random instances, bounded by
 * {@link #stop}. A key is retired with the time its change was answered; a check sent after that
 * and accepted is a violation. Checks with live keys that fail are counted as well.
 */
public final class CheckTraffic {

    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong unanswered = new AtomicLong();
    public final AtomicLong serverErrors = new AtomicLong();
    public final AtomicLong checks = new AtomicLong();
    public final AtomicLong retiredChecks = new AtomicLong();
    public final AtomicLong violations = new AtomicLong();
    public final AtomicLong liveChecks = new AtomicLong();
    public final AtomicLong liveFailures = new AtomicLong();

    private final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    private final List<Long> changeMillis = new CopyOnWriteArrayList<>();
    private final List<String> urls;
    private final List<Integer> instances = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> keys = new CopyOnWriteArrayList<>();
    private final Map<String, Long> retiredAt = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService threads;
    private final int threadCount;

    public CheckTraffic(List<String> urls, int threadCount) {
        this.urls = urls;
        for (int i = 0; i < urls.size(); i++) {
            instances.add(i);
        }
        this.threadCount = threadCount;
        this.threads = Executors.newFixedThreadPool(threadCount);
    }

    public void use(String key) {
        keys.add(key);
    }

    /** A change to {@code key} is about to be sent: until {@link #retire}, its answers count neither way. */
    public void retiring(String key) {
        retiredAt.put(key, Long.MAX_VALUE);
    }

    /** From now on, {@code key} must be refused by every instance. */
    public void retire(String key, long answeredNanos) {
        retiredAt.put(key, answeredNanos);
    }

    /** Now, as the time a change sent at {@code sentNanos} was answered; its duration joins {@link #summary}. */
    public long answered(long sentNanos) {
        long now = System.nanoTime();
        changeMillis.add((now - sentNanos) / 1_000_000);
        return now;
    }

    public List<String> retiredKeys() {
        return List.copyOf(retiredAt.keySet());
    }

    public void start() {
        for (int t = 0; t < threadCount; t++) {
            threads.submit(() -> {
                while (running.get()) {
                    if (keys.isEmpty()) {
                        Thread.onSpinWait();
                        continue;
                    }
                    // mostly the newest keys, which includes the one just retired
                    int last = keys.size() - 1;
                    String key = keys.get(Math.max(0, last - ThreadLocalRandom.current().nextInt(Math.min(3, last + 1))));
                    check(instances.get(ThreadLocalRandom.current().nextInt(instances.size())), key);
                }
                return null;
            });
        }
    }

    /** The instance is gone (killed): traffic goes to the others from now on. */
    public void avoid(int instance) {
        instances.remove(Integer.valueOf(instance));
    }

    public void check(int instance, String key) {
        long sentAt = System.nanoTime();
        sent.incrementAndGet();
        int status;
        try {
            status = status(instance, key);
        } catch (Exception e) {
            unanswered.incrementAndGet();
            return;
        }
        checks.incrementAndGet();
        if (status >= 500) {
            serverErrors.incrementAndGet();
        }
        Long retired = retiredAt.get(key);
        if (retired != null && retired == Long.MAX_VALUE) {
            return;
        }
        outcomes.computeIfAbsent((retired == null ? "live " : "retired ") + status, k -> new AtomicLong()).incrementAndGet();
        if (retired != null && sentAt > retired) {
            retiredChecks.incrementAndGet();
            if (status == 200) {
                violations.incrementAndGet();
            }
        } else if (retired == null) {
            liveChecks.incrementAndGet();
            if (status != 200) {
                liveFailures.incrementAndGet();
            }
        }
    }

    public int status(int instance, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(urls.get(instance) + "/api/v1/keys/self"))
                .header("x-api-key", key).timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public void stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }

    public String summary() {
        List<Long> sorted = changeMillis.stream().sorted().toList();
        String changes = sorted.isEmpty() ? "" : "%d changes; answer time ms p50=%d p90=%d max=%d; ".formatted(sorted.size(),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10), sorted.getLast());
        return changes + "%d checks sent, %d with retired keys, %d violations, %d of %d live-key checks failed; statuses %s".formatted(
                checks.get(), retiredChecks.get(), violations.get(), liveFailures.get(), liveChecks.get(), new java.util.TreeMap<>(outcomes));
    }
}
