package dev.latchkey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged service as operators run it (production profile), on a database of its own:
 * nothing operational on the public port, and audit retention by whole partitions.
 */
class PackagedOperationsIT {

    private static ServiceInstances instance;

    @BeforeAll
    static void start() throws Exception {
        instance = new ServiceInstances(1, Map.of("LATCHKEY_RETENTION_AUDIT_MONTHS", "1"));
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    /** Health, metrics, the OpenAPI document and Swagger UI on the management port only; the benchmark's routes not at all. */
    @Test
    void operationalRoutesAreOffThePublicPort() throws Exception {
        for (String path : List.of("/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/health/ready", "/api/v1/ping",
                "/api/v1/ping/answer")) {
            assertEquals(404, instance.get(0, path).statusCode(), "public port: " + path);
        }
        for (String path : List.of("/q/metrics", "/q/openapi", "/q/health/ready", "/q/health/live")) {
            assertEquals(200, instance.management(0, path).statusCode(), "management port: " + path);
        }
        assertEquals(401, instance.get(0, "/api/v1/keys/self").statusCode(), "the API stays on the public port");
    }

    /**
     * Retention drops whole monthly partitions once past the operator's months (here 1), never a
     * row: row deletes stay refused, only the owner may name another time, and the log goes on.
     */
    @Test
    void auditRetentionDropsWholePartitionsOnly() throws Exception {
        String token = AdminTokens.platformAdmin();
        instance.createApplication(token, "Audited");
        try (Connection db = DriverManager.getConnection(instance.jdbcUrl(), "postgres", "");
                Statement sql = db.createStatement()) {
            List<String> partitions = strings(sql, "select name from audit_log_bounds() order by upper_bound nulls last");
            assertEquals(5, partitions.size(), "the first partition, three months ahead, the default: " + partitions);
            assertTrue(count(sql, "select count(*) from audit_log") > 0);
            assertThrows(SQLException.class, () -> sql.execute("delete from audit_log"), "rows are never deleted");
            assertEquals(0, count(sql, "select audit_log_drop_expired()"), "nothing is a month past its end yet");

            sql.execute("create role audit_intruder login");
            try (Connection intruder = DriverManager.getConnection(instance.jdbcUrl(), "audit_intruder", "");
                    Statement as = intruder.createStatement()) {
                assertThrows(SQLException.class, () -> as.execute("select audit_log_drop_expired_as_of(now() + interval '5 years')"),
                        "only the owner names the time");
            }

            // two months on, the partition that ended next month is a month past its end
            assertEquals(1, count(sql, "select audit_log_drop_expired_as_of(now() + interval '2 months')"));
            assertEquals(0, count(sql, "select count(*) from audit_log"));
            assertEquals(partitions.subList(1, 5), strings(sql, "select name from audit_log_bounds() order by upper_bound nulls last"));
        }
        // the log goes on: a new entry lands in the current month's place (the default partition here)
        instance.createApplication(token, "Audited again");
        try (Connection db = DriverManager.getConnection(instance.jdbcUrl(), "postgres", "");
                Statement sql = db.createStatement()) {
            assertTrue(count(sql, "select count(*) from audit_log") > 0);
        }
    }

    private static long count(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> strings(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
