package dev.latchkey.cors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class KeyPlaneCorsTest {

    private static final String ALLOWED = "https://cors-allowed.example.com";
    private static final String OTHER = "https://cors-other.example.com";

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create(Map.of("name", "Browser app", "allowed_origins", List.of(ALLOWED)));
    }

    @Test
    void responsesEchoOnlyTheApplicationsOrigins() {
        String publishable = app.publishableKey();
        given().header("x-api-key", publishable).header("Origin", ALLOWED).get("/api/v1/keys/self").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED)
                .header("Vary", containsString("Origin"))
                .header("Access-Control-Expose-Headers", containsString("ETag"));
        given().header("x-api-key", publishable).header("Origin", OTHER).get("/api/v1/keys/self").then()
                .statusCode(403).body("error", equalTo("origin_not_allowed"))
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("x-api-key", publishable).get("/api/v1/keys/self").then()
                .statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void identifyEchoesTheAllowedOrigin() {
        given().contentType(ContentType.JSON).header("Origin", ALLOWED)
                .body(Map.of("publishable_key", app.json().getString("keys.test.publishable_key")))
                .post("/api/v1/auth/identify").then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED);
    }

    @Test
    void anEmptyListAllowsNoBrowserOrigin() {
        JsonPath closed = Api.createApplication(Api.createTenant());
        given().header("x-api-key", closed.getString("keys.live.publishable_key")).header("Origin", ALLOWED)
                .get("/api/v1/keys/self").then().statusCode(403).body("error", equalTo("origin_not_allowed"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void preflightPassesForAnOriginSomeApplicationAllows() {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key, content-type")
                .options("/api/v1/auth/identify").then().statusCode(204)
                .header("Access-Control-Allow-Origin", ALLOWED)
                .header("Access-Control-Allow-Headers", containsString("x-api-key"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Vary", containsString("Origin"));
        given().header("Origin", "https://nobody-lists-this.example.com").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/keys/self").then().statusCode(403)
                .body("error", equalTo("origin_not_allowed"))
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void adminRoutesCarryNoCorsHeaders() {
        Api.asTenantAdmin(app.tenant()).header("Origin", ALLOWED).get("/api/v1/applications").then()
                .statusCode(200).header("Access-Control-Allow-Origin", nullValue());
    }
}
