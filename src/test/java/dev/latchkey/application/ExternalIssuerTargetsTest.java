package dev.latchkey.application;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SecureOutboundUrls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * SSRF through an external issuer, with the production setting: a JWKS URL on http, or whose host
 * is loopback, private or link-local, is refused when the application is written (400 naming it),
 * and the stored issuers stay as they were.
 */
@QuarkusTest
@TestProfile(SecureOutboundUrls.class)
class ExternalIssuerTargetsTest {

    @Test
    void privateJwksAddressesAndPlainHttpAreRefused() {
        NewApplication app = NewApplication.create();
        for (String url : List.of("http://issuer.example.com/jwks", "https://127.0.0.1/jwks", "https://10.0.0.5/.well-known/jwks.json",
                "https://169.254.169.254/latest/meta-data", "https://[::ffff:192.168.0.1]/jwks", "https://localhost/jwks")) {
            Api.asTenantAdmin(app.tenant()).body(Map.of("external_issuers", List.of(Map.of("issuer", "https://issuer.example.com",
                    "jwks_url", url, "audience", "api")))).patch("/api/v1/applications/" + app.id()).then().statusCode(400)
                    .body("error", equalTo("invalid_request")).body("message", startsWith("external_issuers[0].jwks_url: "));
        }
        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id()).then().statusCode(200)
                .body("external_issuers", equalTo(List.of()));
    }
}
