package dev.latchkey.enduser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Inbox;
import dev.latchkey.support.ServiceInstances;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A mail whose request was answered is sent (CONTRACT section 13), through an SMTP outage and a
 * SIGKILL of the instance that queued it: the packaged service against GreenMail, a real SMTP server.
 */
class MailDeliveryIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aQueuedMailSurvivesAnSmtpOutageAndAKilledInstance() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(1, Map.of("LATCHKEY_MAIL_RETRY_DELAYS", "1s"))) {
            String admin = AdminTokens.platformAdmin();
            JsonNode app = cluster.createApplication(admin, "Mail");
            String pk = app.at("/keys/live/publishable_key").asText();

            // delivery in normal conditions: from the signup's answer to the mail in the mailbox
            String first = "first-" + UUID.randomUUID() + "@example.com";
            long answered = System.nanoTime();
            assertEquals(201, signup(cluster, pk, first).statusCode());
            Inbox.await(first, 1, Duration.ofSeconds(30));
            long latencyMs = (System.nanoTime() - answered) / 1_000_000;

            cluster.servers().stopSmtp();
            String during = "during-" + UUID.randomUUID() + "@example.com";
            assertEquals(201, signup(cluster, pk, during).statusCode());
            // the sender has tried, and failed, during the outage
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> attempts(cluster, during) >= 2);
            int attempts = attempts(cluster, during);
            cluster.kill(0);
            cluster.restart(0);
            cluster.servers().startSmtp();
            List<Inbox.Received> received = Inbox.await(during, 1, Duration.ofSeconds(60));
            assertEquals(1, received.size());
            assertTrue(received.getFirst().subject().startsWith("Confirm your e-mail"), received.getFirst().subject());
            System.out.printf("[mail] delivered %d ms after the answer; through a %d-attempt SMTP outage and a SIGKILL: delivered%n",
                    latencyMs, attempts);
            assertFalse(cluster.logs().contains(received.getFirst().token()), "a link token appears in the log");
        }
    }

    private static HttpResponse<String> signup(ServiceInstances cluster, String pk, String email) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.urls().getFirst() + "/api/userAuth/signup"))
                .header("x-api-key", pk).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"pw-" + UUID.randomUUID() + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int attempts(ServiceInstances cluster, String email) throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", null);
                var query = connection.prepareStatement("select attempts from mail_queue where email = ?")) {
            query.setString(1, email);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        }
    }
}
