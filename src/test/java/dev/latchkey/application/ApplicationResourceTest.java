package dev.latchkey.application;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApplicationResourceTest {

    private static final String KEY_SHAPE = "^%s_%s_[0-9A-Za-z]{38}$";

    @Inject
    Database database;

    private static Map<String, Object> fullBody() {
        return Map.of(
                "name", "Storefront",
                "auth_methods", List.of("email_password", "google"),
                "branding", Map.of("logo_url", "https://cdn.example.com/logo.png",
                        "primary_color", "#112233", "background_color", "#FFFFFF"),
                "mfa_required", true,
                "allowed_origins", List.of("https://shop.example.com", "http://localhost:3000"));
    }

    @Test
    void createAnswersTheApplicationWithFourDistinctKeys() {
        String tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant, fullBody());
        assertEquals(tenant, app.getString("tenant_id"));
        assertEquals("Storefront", app.getString("name"));
        assertEquals(List.of("email_password", "google"), app.getList("auth_methods"));
        assertEquals("#112233", app.getString("branding.primary_color"));
        assertTrue(app.getBoolean("mfa_required"));
        assertEquals(List.of("https://shop.example.com", "http://localhost:3000"), app.getList("allowed_origins"));

        Set<String> keys = new HashSet<>();
        for (String env : List.of("live", "test")) {
            String publishable = app.getString("keys." + env + ".publishable_key");
            String secret = app.getString("keys." + env + ".secret_key");
            assertTrue(publishable.matches(KEY_SHAPE.formatted("pk", env)), publishable);
            assertTrue(secret.matches(KEY_SHAPE.formatted("sk", env)), secret);
            keys.add(publishable);
            keys.add(secret);
        }
        assertEquals(4, keys.size(), "all four keys differ");
    }

    @Test
    void createLocationPointsToTheApplication() {
        String tenant = Api.createTenant();
        String location = Api.asTenantAdmin(tenant).body(Map.of("name", "Located"))
                .post("/api/v1/applications").then().statusCode(201).extract().header("Location");
        Api.asTenantAdmin(tenant).get(location).then().statusCode(200).body("name", equalTo("Located"));
    }

    @Test
    void defaultsApplyWhenOnlyANameIsGiven() {
        JsonPath app = Api.createApplication(Api.createTenant());
        assertEquals(List.of("email_password"), app.getList("auth_methods"));
        assertFalse(app.getBoolean("mfa_required"));
        assertEquals(List.of(), app.getList("allowed_origins"));
    }

    @Test
    void secretKeysNeverAppearAgainAfterCreation() {
        String tenant = Api.createTenant();
        JsonPath created = Api.createApplication(tenant);
        String id = created.getString("id");
        String liveSecret = created.getString("keys.live.secret_key");
        String testSecret = created.getString("keys.test.secret_key");

        String one = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + id).then().statusCode(200)
                .body("keys.live.secret_key", equalTo(liveSecret.substring(0, 12) + "…" + liveSecret.substring(42)))
                .body("keys.live.publishable_key", equalTo(created.getString("keys.live.publishable_key")))
                .extract().asString();
        String list = Api.asTenantAdmin(tenant).get("/api/v1/applications").then().statusCode(200).extract().asString();
        String keys = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + id + "/keys").then().statusCode(200).extract().asString();
        for (String body : List.of(one, list, keys)) {
            assertFalse(body.contains(liveSecret) || body.contains(testSecret), body);
            assertFalse(body.contains(liveSecret.substring(8, 40)), "not even the random part");
        }
    }

    @Test
    void listPagesThroughTheTenantsApplicationsOnly() {
        String tenant = Api.createTenant();
        List<String> created = List.of(
                Api.createApplication(tenant).getString("id"),
                Api.createApplication(tenant).getString("id"),
                Api.createApplication(tenant).getString("id"));
        Api.createApplication(Api.createTenant());

        JsonPath first = Api.asTenantAdmin(tenant).queryParam("limit", 2).get("/api/v1/applications")
                .then().statusCode(200).body("data", hasSize(2)).extract().jsonPath();
        String next = first.getString("next");
        JsonPath second = Api.asTenantAdmin(tenant).queryParam("limit", 2).queryParam("after", next)
                .get("/api/v1/applications").then().statusCode(200)
                .body("data", hasSize(1)).body("next", nullValue()).extract().jsonPath();
        List<String> seen = new java.util.ArrayList<>(first.getList("data.id"));
        seen.addAll(second.getList("data.id"));
        assertEquals(created, seen);
    }

    @Test
    void listRejectsAnOutOfRangeLimit() {
        String tenant = Api.createTenant();
        for (int limit : new int[] {0, 201, -1}) {
            Api.asTenantAdmin(tenant).queryParam("limit", limit).get("/api/v1/applications")
                    .then().statusCode(400).body("error", equalTo("invalid_request"));
        }
        Api.asTenantAdmin(tenant).queryParam("limit", "many").get("/api/v1/applications")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void patchReplacesOnlyTheFieldsGiven() {
        String tenant = Api.createTenant();
        String id = Api.createApplication(tenant, fullBody()).getString("id");
        Api.asTenantAdmin(tenant).body(Map.of("name", "Renamed", "allowed_origins", List.of("https://new.example.com")))
                .patch("/api/v1/applications/" + id).then().statusCode(200)
                .body("name", equalTo("Renamed"))
                .body("allowed_origins", contains("https://new.example.com"))
                .body("mfa_required", equalTo(true))
                .body("branding.primary_color", equalTo("#112233"));
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + id).then().body("name", equalTo("Renamed"));
    }

    @Test
    void deleteRemovesTheApplicationAndItsKeys() {
        String tenant = Api.createTenant();
        String id = Api.createApplication(tenant).getString("id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + id).then().statusCode(204);
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        assertEquals(0, database.count("select count(*) from api_key where application_id = ?", UUID.fromString(id)));
        assertEquals(0, database.count("select count(*) from application where id = ?", UUID.fromString(id)));
    }

    @Test
    void anotherTenantsApplicationIsNotFound() {
        String owner = Api.createTenant();
        String intruder = Api.createTenant();
        String id = Api.createApplication(owner).getString("id");
        Api.asTenantAdmin(intruder).get("/api/v1/applications/" + id).then().statusCode(404).body("error", equalTo("not_found"));
        Api.asTenantAdmin(intruder).body(Map.of("name", "Mine now")).patch("/api/v1/applications/" + id).then().statusCode(404);
        Api.asTenantAdmin(intruder).delete("/api/v1/applications/" + id).then().statusCode(404);
        Api.asTenantAdmin(intruder).get("/api/v1/applications/" + id + "/keys").then().statusCode(404);
        Api.asTenantAdmin(intruder).post("/api/v1/settings/applications/" + id + "/rotate-secret").then().statusCode(404);
        Api.asTenantAdmin(intruder).get("/api/v1/applications/" + id + "/audit-log").then().statusCode(404);
        Api.asTenantAdmin(owner).get("/api/v1/applications/" + id).then().statusCode(200).body("name", not(equalTo("Mine now")));
        Api.asTenantAdmin(intruder).get("/api/v1/applications").then().body("data.id", not(org.hamcrest.Matchers.hasItem(id)));
    }

    @Test
    void malformedOrUnknownIdsAreNotFound() {
        String tenant = Api.createTenant();
        Api.asTenantAdmin(tenant).get("/api/v1/applications/not-a-uuid").then().statusCode(404).body("error", equalTo("not_found"));
        Api.asTenantAdmin(tenant).get("/api/v1/applications/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void platformAdminNamesTheTenantWithXTenant() {
        String tenant = Api.createTenant();
        Api.asPlatformAdmin().body(Map.of("name", "No tenant")).post("/api/v1/applications")
                .then().statusCode(400).body("message", containsString("X-Tenant"));
        Api.asPlatformAdmin().header("X-Tenant", "no-such-tenant").body(Map.of("name", "Nowhere"))
                .post("/api/v1/applications").then().statusCode(404).body("error", equalTo("not_found"));
        String secret = Api.asPlatformAdmin().header("X-Tenant", tenant).body(Map.of("name", "Operator-made"))
                .post("/api/v1/applications").then().statusCode(201).body("tenant_id", equalTo(tenant))
                .extract().path("keys.live.secret_key");
    }

    @Test
    void invalidFieldsAreRejectedWithTheirNames() {
        String tenant = Api.createTenant();
        Map<Object, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("name", " "), "name: must not be blank");
        cases.put(Map.of("auth_methods", List.of("email_password")), "name: must not be blank");
        cases.put(Map.of("name", "x".repeat(201)), "name: size must be between 1 and 200");
        cases.put(Map.of("name", "a", "branding", Map.of("primary_color", "red")), "branding.primary_color: must be a colour #rrggbb");
        cases.put(Map.of("name", "a", "branding", Map.of("logo_url", "http://cdn.example.com/a.png")), "branding.logo_url: must be an https URL");
        cases.put(Map.of("name", "a", "allowed_origins", List.of("https://a.example.com/path")), "allowed_origins[0]: must be an origin");
        cases.put(Map.of("name", "a", "allowed_origins", List.of("ftp://a.example.com")), "allowed_origins[0]: must be an origin");
        cases.put(Map.of("name", "a", "auth_methods", List.of("Email Password")), "auth_methods[0]: must be one of email_password");
        cases.put(Map.of("name", "a", "email_verification", "sometimes"), "email_verification: must be required, optional or off");
        cases.put(Map.of("name", "a", "redirect_urls", List.of("http://evil.example.com/")), "redirect_urls: http://evil.example.com/ must be");
        cases.put(Map.of("name", "a", "redirect_urls", List.of("https://a.example.com/#x")), "redirect_urls: https://a.example.com/#x must be");
        cases.put(Map.of("name", "a", "mfa_required", "perhaps"), "field 'mfa_required' has a wrong type or value");
        cases.put(Map.of("name", "a", "tenant_id", "someone-else"), "unknown field 'tenant_id'");
        cases.put(Map.of("name", List.of("a")), "field 'name' has a wrong type or value");
        cases.forEach((body, message) -> Api.asTenantAdmin(tenant).body(body).post("/api/v1/applications")
                .then().statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("invalid_request"))
                .body("message", org.hamcrest.Matchers.startsWith(message)));
        assertEquals(0, database.count("select count(*) from application where tenant_id = ?", tenant), "nothing stored");
    }

    @Test
    void malformedJsonIsInvalidRequestWithoutInternals() {
        String tenant = Api.createTenant();
        for (String body : List.of("{\"name\": ", "[1,2]", "\"just a string\"", "{\"name\": \"a\",}", "null")) {
            String answer = Api.asTenantAdmin(tenant).body(body).post("/api/v1/applications")
                    .then().statusCode(400).body("error", equalTo("invalid_request")).extract().asString();
            assertFalse(answer.contains("dev.latchkey") || answer.contains("jackson") || answer.contains("Exception"), answer);
        }
    }
}
