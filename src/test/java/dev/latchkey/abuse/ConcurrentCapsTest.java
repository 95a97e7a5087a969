package dev.latchkey.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Caps hold when the writes that would pass them race each other: registrations sent at the same
 * moment store exactly the cap, and the rest are refused with 409 (the count and the insert must
 * not be two steps another request can fall between).
 */
@QuarkusTest
class ConcurrentCapsTest {

    private static final int WEBHOOK_CAP = 20;
    private static final int KEY_CAP = 100;

    @Inject
    Database database;

    @Test
    void thirtyWebhookRegistrationsAtOnceStoreTheCapOfTwenty() throws Exception {
        NewApplication app = NewApplication.create();
        Map<Integer, Integer> statuses = atOnce(30, () -> Api.asTenantAdmin(app.tenant())
                .body(Map.of("url", "http://127.0.0.1:9/hooks", "events", List.of("key.revoked")))
                .post("/api/v1/applications/" + app.id() + "/webhooks").statusCode());
        assertEquals(Map.of(201, WEBHOOK_CAP, 409, 30 - WEBHOOK_CAP), statuses);
        assertEquals(WEBHOOK_CAP, database.count("select count(*) from webhook where application_id = ?", UUID.fromString(app.id())));
    }

    @Test
    void keysCreatedAtOnceStopAtTheCapOfUnrevokedKeys() throws Exception {
        NewApplication app = NewApplication.create();
        // the four default keys, and more up to 10 below the cap
        for (int i = 4; i < KEY_CAP - 10; i++) {
            createKey(app, i);
        }
        Map<Integer, Integer> statuses = atOnce(20, () -> createKey(app, 0));
        assertEquals(Map.of(201, 10, 409, 10), statuses);
        assertEquals(KEY_CAP, database.count("select count(*) from api_key where application_id = ? and revoked_at is null",
                UUID.fromString(app.id())));
    }

    private static int createKey(NewApplication app, int n) {
        return Api.asTenantAdmin(app.tenant()).body(Map.of("name", "key " + n, "environment", "live"))
                .post("/api/v1/applications/" + app.id() + "/keys").statusCode();
    }

    /** Runs the call {@code times} times at the same moment; how many answered each status. */
    private static Map<Integer, Integer> atOnce(int times, Callable<Integer> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(times);
        try {
            CyclicBarrier start = new CyclicBarrier(times);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            threads.shutdownNow();
        }
    }
}
