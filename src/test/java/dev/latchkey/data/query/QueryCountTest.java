package dev.latchkey.data.query;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.util.Map;

import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counts: exact up to 10,000 matching documents, PostgreSQL's estimate beyond. */
@QuarkusTest
class QueryCountTest {

    @Inject
    Database database;

    private QueryFixture app;

    @AfterEach
    void dropDocuments() throws Exception {
        database.execute("delete from application where id = ?::uuid", app.appId);
    }

    @Test
    void countsAreExactUpToTenThousandAndEstimatedBeyond() throws Exception {
        app = new QueryFixture();
        app.create("events", Map.of("category", "c1"));
        QueryFixture.seed(app.appId, "events", 12_000);
        database.execute("analyze document_partitions.document_live");
        app.list("events", Map.of("where", "{\"category\":\"c7\"}", "count", "true", "limit", "1")).statusCode(200)
                .body("count", equalTo(240)).body("count_estimated", equalTo(false));
        app.list("events", Map.of("where", "{\"score\":{\"$lte\":10000}}", "count", "true", "limit", "1")).statusCode(200)
                .body("count", equalTo(10_000)).body("count_estimated", equalTo(false));
        app.list("events", Map.of("count", "true", "limit", "1")).statusCode(200)
                .body("count_estimated", equalTo(true)).body("count", greaterThan(10_000));
    }
}
