package dev.latchkey.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.CheckTraffic;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * Redis stops under traffic while two instances have keys cached, and a key is revoked meanwhile: no instance
 * accepts it, valid keys keep working from PostgreSQL, readiness says "degraded" without taking
 * the instances out, and everything recovers by itself when Redis returns.
 */
class RedisOutageIT {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> secrets = new ArrayList<>();
    private ServiceInstances cluster;
    private String token;

    @Test
    void revocationStaysExactThroughARedisOutage() throws Exception {
        try (ServiceInstances instances = new ServiceInstances(2)) {
            cluster = instances;
            token = AdminTokens.platformAdmin();
            secrets.add(token);
            String tenant = "outage-" + System.nanoTime();
            send("POST", 0, "/api/v1/tenants", "{\"id\":\"" + tenant + "\",\"name\":\"Outage\"}", tenant);
            String appId = send("POST", 0, "/api/v1/applications", "{\"name\":\"Outage\"}", tenant).get("id").asText();
            JsonNode doomed = createKey(appId, "doomed");
            JsonNode survivor = createKey(appId, "survivor");
            String doomedKey = doomed.get("secret_key").asText();
            String survivorKey = survivor.get("secret_key").asText();
            awaitState("connected");
            for (int n = 0; n < 2; n++) {
                assertEquals(200, check(n, doomedKey));
                assertEquals(200, check(n, survivorKey));
            }

            CheckTraffic traffic = new CheckTraffic(instances.urls(), 4);
            traffic.use(doomedKey);
            traffic.use(survivorKey);
            traffic.start();

            instances.servers().stopRedis();
            traffic.retiring(doomedKey);
            long sent = System.nanoTime();
            send("DELETE", 0, "/api/v1/applications/" + appId + "/keys/" + doomed.get("id").asText(), null, null);
            traffic.retire(doomedKey, traffic.answered(sent));
            for (int n = 0; n < 2; n++) {
                assertEquals(401, check(n, doomedKey), "revoked key refused by instance " + n + " while Redis is down");
                assertEquals(200, check(n, survivorKey), "valid key answered by instance " + n + " while Redis is down");
            }
            awaitState("degraded");
            assertEquals(200, status(0, "/q/health/ready"), "degraded is still ready");

            instances.servers().startRedis();
            awaitState("connected");
            traffic.stop();
            System.out.println("traffic through the outage: " + traffic.summary());
            assertEquals(0, traffic.violations.get(), "revoked key accepted during or after the outage");
            assertTrue(traffic.retiredChecks.get() > 0 && traffic.liveChecks.get() > 0);
            assertTrue(traffic.liveFailures.get() * 100 <= traffic.liveChecks.get(), "at least 99% of valid checks answered");
            for (int n = 0; n < 2; n++) {
                assertEquals(401, check(n, doomedKey));
                assertEquals(200, check(n, survivorKey));
                assertEquals(200, check(n, survivorKey));
            }
            send("DELETE", 1, "/api/v1/applications/" + appId + "/keys/" + survivor.get("id").asText(), null, null);
            for (int n = 0; n < 2; n++) {
                assertEquals(401, check(n, survivorKey), "revocation after recovery reaches instance " + n);
            }
            String logs = instances.logs();
            secrets.forEach(secret -> assertFalse(logs.contains(secret), "a key or token appears in an instance's log"));
        }
    }

    private JsonNode createKey(String appId, String name) throws Exception {
        JsonNode key = send("POST", 0, "/api/v1/applications/" + appId + "/keys",
                "{\"name\":\"" + name + "\",\"environment\":\"live\"}", null);
        secrets.add(key.get("secret_key").asText());
        return key;
    }

    private void awaitState(String state) {
        cluster.awaitRedisState(state, List.of(0, 1));
    }

    private int check(int instance, String key) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.urls().get(instance) + "/api/v1/keys/self"))
                .header("x-api-key", key).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int status(int instance, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(cluster.urls().get(instance) + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode send(String method, int instance, String path, String body, String tenant) throws Exception {
        return cluster.admin(token, method, instance, path, body, tenant);
    }
}
