package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.latchkey.data.QuerySlots;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Queries an index serves run a few at a time on an instance; past their time limit without a slot they answer 503, a bad token 401 at once. */
@QuarkusTest
class QuerySlotsTest {

    @Inject
    QuerySlots slots;

    @ConfigProperty(name = "latchkey.data.query-concurrency", defaultValue = "4")
    int concurrency;

    @Test
    void withEverySlotTakenAServedQueryAnswers503AfterItsLimitWhileAnUnindexedOneStillRuns() throws Exception {
        QueryFixture app = new QueryFixture();
        app.create("posts", Map.of("title", "b"));
        app.settings("posts", Map.of("rls_enabled", false, "read_access", "public")).statusCode(200);
        app.create("notes", Map.of("title", "n"));
        app.settings("notes", Map.of("rls_enabled", true, "read_access", "owner")).statusCode(200);
        long far = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int slot = 0; slot < concurrency; slot++) {
            assertTrue(slots.take(far), "a free slot");
        }
        try {
            long started = System.nanoTime();
            app.list("posts", Map.of()).statusCode(503).header("Retry-After", "1").body("error", equalTo("unavailable"))
                    .body("message", containsString("none could start within 1000 ms"));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1000), "refused only at the time limit");
            // a user token is judged before the wait: without one, 401 at once, not 503 a second later
            started = System.nanoTime();
            QueryFixture.list(withKey(app.pk), "notes", Map.of()).statusCode(401).body("error", equalTo("invalid_token"));
            assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(900), "answered before the slot's wait ended");
            // no index serves a sort by title: it takes its application's turn, not a slot
            app.list("posts", Map.of("sort", "title")).statusCode(200).body("data.title", equalTo(List.of("b")));
        } finally {
            for (int slot = 0; slot < concurrency; slot++) {
                slots.give();
            }
        }
        app.list("posts", Map.of()).statusCode(200).body("data.title", equalTo(List.of("b")));
    }
}
