package dev.latchkey.webhook;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SecureOutboundUrls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * SSRF, with the production setting (insecure URLs off): http, and names or addresses in
 * loopback, private, link-local, unique-local or unspecified ranges, are refused with 400 naming
 * {@code url}, and nothing is stored.
 */
@QuarkusTest
@TestProfile(SecureOutboundUrls.class)
class WebhookTargetsTest {

    @Inject
    Database database;

    @Test
    void internalTargetsAndPlainHttpAreRefused() {
        NewApplication app = NewApplication.create();
        for (String url : List.of("http://hooks.example.com/latchkey", "https://127.0.0.1/hooks", "https://localhost:8443/hooks",
                "https://10.1.2.3/hooks", "https://172.16.0.1/hooks", "https://192.168.1.10/hooks", "https://169.254.169.254/latest",
                "https://[::1]/hooks", "https://[fe80::1]/hooks", "https://[fd00::1]/hooks", "https://0.0.0.0/hooks",
                "https://[::ffff:127.0.0.1]/hooks", "https://100.64.0.1/hooks", "https://user:pw@203.0.113.10/hooks")) {
            Api.asTenantAdmin(app.tenant()).body(Map.of("url", url, "events", List.of("key.revoked")))
                    .post("/api/v1/applications/" + app.id() + "/webhooks").then().statusCode(400)
                    .body("error", equalTo("invalid_request")).body("message", startsWith("url: "));
        }
        assertEquals(0, database.count("select count(*) from webhook where application_id = ?::uuid", app.id()));
    }

    @Test
    void aPublicHttpsAddressIsAccepted() {
        NewApplication app = NewApplication.create();
        Api.asTenantAdmin(app.tenant()).body(Map.of("url", "https://203.0.113.10/hooks", "events", List.of("key.revoked")))
                .post("/api/v1/applications/" + app.id() + "/webhooks").then().statusCode(201)
                .body("url", equalTo("https://203.0.113.10/hooks"));
    }
}
