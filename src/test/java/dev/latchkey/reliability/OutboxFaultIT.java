package dev.latchkey.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ReliabilityFigures;
import dev.latchkey.support.ServiceInstances;
import dev.latchkey.support.WebhookReceiver;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The gap the outbox closes: an instance dies right after committing a revocation, before telling
 * any other instance (a fault hook halts it there). The revocation's outbox row is published by a
 * survivor, so every survivor refuses the key within one lease (2 s) of the commit, and the
 * {@code key.revoked} webhook is delivered by a survivor.
 */
class OutboxFaultIT {

    private static final long LEASE_MILLIS = 2000;

    private static String deliveries(ServiceInstances cluster) {
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "");
                ResultSet rows = connection.createStatement().executeQuery(
                        "select event_type, attempt, status, response_status, next_attempt_at, now() from webhook_delivery")) {
            StringBuilder all = new StringBuilder();
            while (rows.next()) {
                all.append(List.of(rows.getString(1), rows.getInt(2), rows.getString(3), String.valueOf(rows.getObject(4)),
                        String.valueOf(rows.getObject(5)), String.valueOf(rows.getObject(6))));
            }
            return all.toString();
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    @Test
    void aRevocationWhoseInstanceDiedAfterTheCommitStillReachesEveryInstanceAndTheWebhook() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(3,
                Map.of("LATCHKEY_RATE_LIMIT_LIVE_LIMIT", "1000000", "LATCHKEY_WEBHOOK_ALLOW_INSECURE_URLS", "true"),
                Map.of(0, Map.of("LATCHKEY_FAULTS_HALT_AFTER_COMMIT", "true")));
                WebhookReceiver receiver = WebhookReceiver.accepting()) {
            String token = AdminTokens.platformAdmin();
            JsonNode app = cluster.createApplication(token, "Outbox");
            String appId = app.get("id").asText();
            String tenant = null; // a platform admin reaches every tenant's applications
            String secret = app.at("/keys/live/secret_key").asText();
            cluster.admin(token, "POST", 1, "/api/v1/applications/" + appId + "/webhooks",
                    "{\"url\":\"" + receiver.url() + "\",\"events\":[\"key.revoked\"]}", tenant);
            String keyId = cluster.liveSecretKeyId(token, appId);
            for (int n = 0; n < 3; n++) {
                assertEquals(200, cluster.self(n, secret).statusCode(), "warm on instance " + n);
            }

            // instance 0 commits the revocation and halts before publishing it: no answer
            assertThrows(IOException.class, () -> cluster.admin(token, "DELETE", 0,
                    "/api/v1/applications/" + appId + "/keys/" + keyId, null, tenant));
            long died = System.nanoTime();

            long[] refusedAfter = new long[3];
            for (int n : List.of(1, 2)) {
                int instance = n;
                Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> cluster.self(instance, secret).statusCode() == 401);
                refusedAfter[n] = (System.nanoTime() - died) / 1_000_000;
            }
            try {
                Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> receiver.ofType("key.revoked").size() == 1);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("key.revoked not delivered; deliveries: " + deliveries(cluster), e);
            }
            long deliveredAfter = (System.nanoTime() - died) / 1_000_000;

            ReliabilityFigures.record("instance halted between a revocation's commit and its publication (3 instances)", 2, 2, 0, 0, 0,
                    "survivors refused the key %d and %d ms after the halt (one lease: %d ms); key.revoked delivered by a survivor after %d ms"
                            .formatted(refusedAfter[1], refusedAfter[2], LEASE_MILLIS, deliveredAfter));
            assertTrue(refusedAfter[1] <= LEASE_MILLIS && refusedAfter[2] <= LEASE_MILLIS,
                    "refused within one lease: " + refusedAfter[1] + " and " + refusedAfter[2] + " ms");
            assertTrue(cluster.logs().contains("Halting between a commit and its publication"), "the fault hook fired");
        }
    }
}
