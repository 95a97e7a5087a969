package dev.latchkey.application;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Admin tokens as CONTRACT section 3 describes them, and tenant creation. */
@QuarkusTest
class AdminAuthenticationTest {

    @Test
    void missingTokenIsMissingCredentials() {
        given().get("/api/v1/applications").then().statusCode(401)
                .body("success", equalTo(false)).body("error", equalTo("missing_credentials"));
    }

    @Test
    void forgedTokenIsInvalidToken() throws Exception {
        given().auth().oauth2(AdminTokens.forgedPlatformAdmin())
                .get("/api/v1/applications").then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void expiredTokenIsInvalidToken() {
        String tenant = Api.createTenant();
        given().auth().oauth2(AdminTokens.expiredTenantAdmin(tenant))
                .get("/api/v1/applications").then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void tokenFromAnotherIssuerIsInvalidToken() {
        String token = AdminTokens.sign(
                io.smallrye.jwt.build.Jwt.issuer("https://elsewhere.example").subject("x").groups("platform-admin"));
        given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void tokenWithoutLatchkeysAudienceIsInvalidToken() {
        // another application of the same identity-provider realm, with groups of the same names
        String noAudience = AdminTokens.sign(io.smallrye.jwt.build.Jwt.issuer(AdminTokens.ISSUER)
                .subject("x").groups("platform-admin").expiresIn(java.time.Duration.ofMinutes(5)));
        String otherAudience = AdminTokens.sign(io.smallrye.jwt.build.Jwt.issuer(AdminTokens.ISSUER)
                .audience("grafana").subject("x").groups("platform-admin").expiresIn(java.time.Duration.ofMinutes(5)));
        for (String token : java.util.List.of(noAudience, otherAudience)) {
            given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(401).body("error", equalTo("invalid_token"));
        }
    }

    @Test
    void aTenantClaimThatIsNotAStringIsInvalidToken() {
        for (Object claim : java.util.List.<Object>of(42, java.util.List.of("a", "b"), Map.of("id", "acme"))) {
            String token = AdminTokens.sign(AdminTokens.claims("odd").groups("tenant-admin")
                    .claim("tenant_id", claim));
            given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(401)
                    .body("error", equalTo("invalid_token"));
        }
    }

    @Test
    void garbageBearerIsInvalidToken() {
        given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/applications")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void tokenWithoutAdminGroupIsForbidden() {
        String token = AdminTokens.sign(AdminTokens.claims("nobody").groups("viewer"));
        given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions"))
                .body("required_permission", equalTo("applications:read"));
    }

    @Test
    void tenantAdminWithoutTenantClaimIsForbidden() {
        String token = AdminTokens.sign(AdminTokens.claims("lost").groups("tenant-admin"));
        given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions"));
    }

    @Test
    void xTenantMustMatchTheTokensTenant() {
        String mine = Api.createTenant();
        String other = Api.createTenant();
        Api.asTenantAdmin(mine).header("X-Tenant", other).get("/api/v1/applications").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions"))
                .body("message", equalTo("X-Tenant does not match the token's tenant"));
        Api.asTenantAdmin(mine).header("X-Tenant", mine).get("/api/v1/applications").then().statusCode(200);
    }

    @Test
    void platformAdminCreatesTenantWithGivenId() {
        String id = "acme-" + System.nanoTime();
        Api.asPlatformAdmin().body(Map.of("id", id, "name", "Acme"))
                .post("/api/v1/tenants").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/tenants/" + id))
                .body("id", equalTo(id)).body("name", equalTo("Acme")).body("created_at", notNullValue());
    }

    @Test
    void tenantIdIsGeneratedFromTheNameWhenAbsent() {
        Api.asPlatformAdmin().body(Map.of("name", "Zürich Widgets & Co"))
                .post("/api/v1/tenants").then().statusCode(201)
                .body("id", matchesPattern("^zurich-widgets-co-[a-z0-9]{6}$"));
    }

    @Test
    void duplicateTenantIdIsConflict() {
        String id = Api.createTenant();
        Api.asPlatformAdmin().body(Map.of("id", id, "name", "Again"))
                .post("/api/v1/tenants").then().statusCode(409).body("error", equalTo("conflict"));
    }

    @Test
    void platformAdminsListEveryTenantInPagesTenantAdminsTheirOwn() {
        String mine = Api.createTenant();
        String other = Api.createTenant();
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = Api.asPlatformAdmin().queryParam("limit", 2);
            JsonPath page = (after == null ? request : request.queryParam("after", after)).get("/api/v1/tenants")
                    .then().statusCode(200).extract().jsonPath();
            assertTrue(page.getList("data").size() <= 2);
            seen.addAll(page.getList("data.id"));
            after = page.getString("next");
        } while (after != null);
        assertTrue(seen.containsAll(List.of(mine, other)), "every tenant listed");
        assertEquals(seen.stream().sorted().toList(), seen, "in id order, each once");
        assertEquals(seen.size(), new HashSet<>(seen).size());

        Api.asTenantAdmin(mine).get("/api/v1/tenants").then().statusCode(200)
                .body("data.id", contains(mine)).body("data[0].name", notNullValue()).body("next", equalTo(null));
        NewApplication app = NewApplication.create();
        EndUsers.withKey(app.json().getString("keys.live.secret_key")).get("/api/v1/tenants")
                .then().statusCode(403).body("error", equalTo("insufficient_permissions"));
        given().get("/api/v1/tenants").then().statusCode(401);
    }

    @Test
    void invalidTenantBodiesAreInvalidRequest() {
        Api.asPlatformAdmin().body(Map.of("id", "Not A Slug", "name", "x"))
                .post("/api/v1/tenants").then().statusCode(400).body("error", equalTo("invalid_request"))
                .body("message", org.hamcrest.Matchers.startsWith("id: must be a slug"));
        Api.asPlatformAdmin().body(Map.of("id", "fine-id"))
                .post("/api/v1/tenants").then().statusCode(400).body("message", equalTo("name: must not be blank"));
        Api.asPlatformAdmin().body("").post("/api/v1/tenants").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void onlyPlatformAdminsCreateTenants() {
        String tenant = Api.createTenant();
        Api.asTenantAdmin(tenant).body(Map.of("name", "Sneaky"))
                .post("/api/v1/tenants").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions"))
                .body("required_permission", equalTo("tenants:write"));
    }

    @Test
    void wrongContentTypeAnswersTheContractBody() {
        Api.asPlatformAdmin().contentType(ContentType.TEXT).body("name=x")
                .post("/api/v1/tenants").then().statusCode(415)
                .body("error", equalTo("invalid_request")).body("message", not(equalTo(null)));
    }
}
