package dev.latchkey.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.ServiceInstances;
import org.junit.jupiter.api.Test;

/**
 * LATCHKEY_KEY_PREFIX (CONTRACT section 2) changed on one instance of two, as in a rolling
 * change of the setting: that instance mints {@code acme_sk_live_…}, the other still the plain
 * form, and every key works on both instances, with either header.
 */
class KeyPrefixIT {

    @Test
    void prefixedKeysAndKeysMintedBeforeTheChangeBothWork() throws Exception {
        try (ServiceInstances cluster = new ServiceInstances(2, Map.of(), Map.of(1, Map.of("LATCHKEY_KEY_PREFIX", "acme")))) {
            String token = AdminTokens.platformAdmin();
            JsonNode before = cluster.createApplication(token, "Before");
            JsonNode after = cluster.admin(token, "POST", 1, "/api/v1/applications", "{\"name\":\"After\"}",
                    before.get("tenant_id").asText());
            String plain = before.at("/keys/live/secret_key").asText();
            String prefixed = after.at("/keys/live/secret_key").asText();
            assertTrue(plain.startsWith("sk_live_"), plain);
            assertTrue(prefixed.startsWith("acme_sk_live_") && prefixed.length() == "acme_".length() + 46, prefixed);
            assertTrue(after.at("/keys/test/publishable_key").asText().startsWith("acme_pk_test_"));
            for (int n = 0; n < 2; n++) {
                for (String key : new String[] {plain, prefixed}) {
                    assertEquals(200, cluster.self(n, key).statusCode(), key + " on instance " + n);
                    HttpResponse<String> bearer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(cluster.urls().get(n) + "/api/v1/keys/self")).header("Authorization", "Bearer " + key).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, bearer.statusCode(), "as a bearer: " + bearer.body());
                }
            }
            String hint = cluster.admin(token, "GET", 1, "/api/v1/applications/" + after.get("id").asText(), null, null)
                    .at("/keys/live/secret_key").asText();
            assertTrue(hint.startsWith("acme_sk_live_") && hint.contains("…"), hint);
        }
    }
}
