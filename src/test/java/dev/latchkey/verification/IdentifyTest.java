package dev.latchkey.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdentifyTest {

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create(Map.of(
                "name", "Widget Shop",
                "auth_methods", List.of("email_password", "github"),
                "branding", Map.of("primary_color", "#123456"),
                "mfa_required", true,
                "allowed_origins", List.of("https://shop.example.com")));
    }

    private static RequestSpecification request() {
        return given().contentType(ContentType.JSON);
    }

    private static ValidatableResponse identify(RequestSpecification request, String key) {
        return request.body(Map.of("publishable_key", key)).post("/api/v1/auth/identify").then();
    }

    @Test
    void publishableKeyLoadsThePublicConfiguration() {
        identify(request(), app.json().getString("keys.test.publishable_key")).statusCode(200)
                .body("tenant_id", equalTo(app.tenant()))
                .body("application_id", equalTo(app.id()))
                .body("app_name", equalTo("Widget Shop"))
                .body("environment", equalTo("test"))
                .body("auth_methods", equalTo(List.of("email_password", "github")))
                .body("branding.primary_color", equalTo("#123456"))
                .body("mfa_required", equalTo(true))
                .body("allowed_origins", equalTo(List.of("https://shop.example.com")))
                .body("$", not(hasKey("keys")));
    }

    @Test
    void etagAnswersNotModifiedUntilTheConfigurationChanges() {
        String key = app.publishableKey();
        String etag = identify(request(), key).statusCode(200).extract().header("ETag");
        identify(request().header("If-None-Match", etag), key).statusCode(304);

        Api.asTenantAdmin(app.tenant()).body(Map.of("name", "Widget Shop 2")).patch("/api/v1/applications/" + app.id()).then().statusCode(200);
        String changed = identify(request().header("If-None-Match", etag), key).statusCode(200)
                .body("app_name", equalTo("Widget Shop 2")).extract().header("ETag");
        assertNotEquals(etag, changed);
    }

    @Test
    void originMustBeAllowed() {
        String key = app.publishableKey();
        identify(request().header("Origin", "https://shop.example.com"), key).statusCode(200)
                .header("Access-Control-Allow-Origin", "https://shop.example.com");
        identify(request().header("Origin", "https://elsewhere.example.com"), key).statusCode(403)
                .body("error", equalTo("origin_not_allowed")).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void secretKeysAndBadKeysAreRefused() {
        identify(request(), app.secretKey()).statusCode(401).body("error", equalTo("invalid_api_key"));
        // the page's developer can read why: the refusal carries the page's origin
        identify(request().header("Origin", "https://shop.example.com"), app.secretKey())
                .statusCode(401).body("error", equalTo("secret_key_in_browser"))
                .header("Access-Control-Allow-Origin", "https://shop.example.com");
        identify(request(), "pk_live_nonsense").statusCode(401).body("error", equalTo("invalid_api_key"));
        request().body(Map.of()).post("/api/v1/auth/identify").then().statusCode(401).body("error", equalTo("missing_credentials"));
        request().body("{").post("/api/v1/auth/identify").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void deletedApplicationIsNoLongerIdentified() {
        String key = app.publishableKey();
        identify(request(), key).statusCode(200);
        Api.asTenantAdmin(app.tenant()).delete("/api/v1/applications/" + app.id()).then().statusCode(204);
        identify(request(), key).statusCode(401).body("error", equalTo("invalid_api_key"));
    }
}
