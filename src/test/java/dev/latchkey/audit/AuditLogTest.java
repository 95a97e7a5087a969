package dev.latchkey.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditLogTest {

    @Inject
    Database database;

    @Test
    void everyManagementActionIsRecordedWithActorTargetAndIp() {
        String tenant = Api.createTenant();
        String appId = Api.createApplication(tenant).getString("id");
        Api.asTenantAdmin(tenant).body(Map.of("mfa_required", true)).patch("/api/v1/applications/" + appId).then().statusCode(200);
        JsonPath key = Api.asTenantAdmin(tenant).body(Map.of("name", "audit-me", "environment", "test"))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().jsonPath();
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId + "/keys/" + key.getString("id")).then().statusCode(200);
        Api.asTenantAdmin(tenant).post("/api/v1/settings/applications/" + appId + "/rotate-secret")
                .then().statusCode(200).extract().path("secret_key");

        JsonPath log = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + appId + "/audit-log")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("application.create", "application.update", "key.create", "key.revoke", "key.rotate"),
                log.getList("data.action"));
        for (Map<String, Object> entry : log.<Map<String, Object>>getList("data")) {
            assertEquals("admin:admin-of-" + tenant + "@" + AdminTokens.ISSUER, entry.get("actor"));
            assertTrue(entry.get("ip").toString().matches("^(127\\.0\\.0\\.1|0:0:0:0:0:0:0:1|::1)$"), entry.toString());
            assertTrue(entry.get("at") != null && entry.get("target") != null);
        }
        assertEquals("application:" + appId, log.getString("data[0].target"));
        assertEquals("key:" + key.getString("id"), log.getString("data[2].target"));
    }

    @Test
    void deletionIsRecordedAndSurvivesTheApplication() {
        String tenant = Api.createTenant();
        String appId = Api.createApplication(tenant).getString("id");
        Api.asTenantAdmin(tenant).delete("/api/v1/applications/" + appId).then().statusCode(204);
        assertEquals(1, database.count("select count(*) from audit_log where application_id = ? and action = 'application.delete'",
                UUID.fromString(appId)));
    }

    @Test
    void tenantCreationIsRecorded() {
        String tenant = Api.createTenant();
        assertEquals(1, database.count("select count(*) from audit_log where tenant_id = ? and action = 'tenant.create'"
                + " and actor = ? and target = ?", tenant, "admin:platform-operator@" + AdminTokens.ISSUER, "tenant:" + tenant));
    }

    @Test
    void pagesFollowTheCursorInOrder() {
        String tenant = Api.createTenant();
        String appId = Api.createApplication(tenant).getString("id");
        for (int i = 0; i < 4; i++) {
            Api.asTenantAdmin(tenant).body(Map.of("name", "v" + i)).patch("/api/v1/applications/" + appId).then().statusCode(200);
        }
        List<Object> seen = new ArrayList<>();
        String after = null;
        do {
            var request = Api.asTenantAdmin(tenant).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/v1/applications/" + appId + "/audit-log").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.action"));
            after = page.getString("next");
        } while (after != null);
        assertEquals(List.of("application.create", "application.update", "application.update", "application.update",
                "application.update"), seen);
        Api.asTenantAdmin(tenant).queryParam("after", "yesterday").get("/api/v1/applications/" + appId + "/audit-log")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void theDatabaseRefusesToRewriteHistory() {
        String tenant = Api.createTenant();
        String appId = Api.createApplication(tenant).getString("id");
        UUID id = UUID.fromString(appId);
        assertThrows(SQLException.class, () -> database.execute("update audit_log set actor = 'someone' where application_id = ?", id));
        assertThrows(SQLException.class, () -> database.execute("delete from audit_log where application_id = ?", id));
        assertEquals(1, database.count("select count(*) from audit_log where application_id = ? and actor like 'admin:%'", id));
    }

    @Test
    void theServicesOwnRoleMayOnlyAddToTheLog() {
        UUID id = UUID.fromString(Api.createApplication(Api.createTenant()).getString("id"));
        for (String sql : List.of("truncate audit_log", "update audit_log set actor = 'someone' where application_id = ?",
                "delete from audit_log where application_id = ?")) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> database.execute(sql, sql.contains("?") ? new Object[] {id} : new Object[0]));
            assertEquals("42501", refused.getSQLState(), sql + ": " + refused.getMessage());
        }
        assertEquals(1, database.count("select count(*) from audit_log where application_id = ?", id));
    }

    @Test
    void evenTheSchemasOwnerCannotTruncateIt() throws SQLException {
        UUID id = UUID.fromString(Api.createApplication(Api.createTenant()).getString("id"));
        Config config = ConfigProvider.getConfig();
        try (Connection owner = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), null);
                Statement statement = owner.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.execute("truncate audit_log"));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
        assertEquals(1, database.count("select count(*) from audit_log where application_id = ?", id));
    }

    @Test
    void theActorIsTheTokensSubjectAndIssuerNotAnEditableName() {
        String tenant = Api.createTenant();
        String token = AdminTokens.sign(Jwt.issuer(AdminTokens.ISSUER).audience(AdminTokens.AUDIENCE)
                .subject("idp-user-42").upn("ceo@victim.example").preferredUserName("The CEO")
                .groups("tenant-admin").claim("tenant_id", tenant).expiresIn(Duration.ofMinutes(5)));
        JsonPath created = given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "Acted"))
                .post("/api/v1/applications").then().statusCode(201).extract().jsonPath();
        String appId = created.getString("id");
        assertEquals(List.of("admin:idp-user-42@" + AdminTokens.ISSUER), Api.asTenantAdmin(tenant)
                .get("/api/v1/applications/" + appId + "/audit-log").then().statusCode(200).extract().jsonPath().getList("data.actor"));
    }
}
