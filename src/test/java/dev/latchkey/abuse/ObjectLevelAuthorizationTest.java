package dev.latchkey.abuse;

import static dev.latchkey.support.ContractAnswers.assertWellFormed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OWASP API1 (broken object-level authorization): every endpoint that takes an id is called with
 * ids of another tenant, another application of the same tenant and the other environment, with
 * every credential the attacker legitimately holds. Each call is refused with 403 or 404, and
 * nothing of the victim's changes.
 */
@QuarkusTest
class ObjectLevelAuthorizationTest {

    @Inject
    Database database;

    private Victim victim;
    private String attackerTenant;
    private JsonPath attackerApp;

    /** What belongs to the victim, and the state that must survive every attempt. */
    private record Victim(String tenant, String appId, String name, String liveSk, String keyId, String liveDocument,
            String testSk, String userToken) {
    }

    @BeforeEach
    void tenants() {
        String tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant, Map.of("name", "Victim"));
        String liveSk = app.getString("keys.live.secret_key");
        String keyId = Api.asTenantAdmin(tenant).get("/api/v1/applications/" + app.getString("id") + "/keys")
                .then().statusCode(200).extract().path("data.find { it.type == 'sk' && it.environment == 'live' }.id");
        String document = EndUsers.withKey(liveSk).body(Map.of("secret", "victim's")).post("/api/data/notes")
                .then().statusCode(201).extract().path("data._id");
        String pk = app.getString("keys.live.publishable_key");
        victim = new Victim(tenant, app.getString("id"), "Victim", liveSk, keyId, document,
                app.getString("keys.test.secret_key"), EndUsers.signup(pk).getString("token"));
        attackerTenant = Api.createTenant();
        attackerApp = Api.createApplication(attackerTenant, Map.of("name", "Attacker"));
    }

    /** The admin plane, with another tenant's admin token: every victim id is unknown to it. */
    @Test
    void anotherTenantsAdminFindsNothingOfTheVictim() {
        String app = "/api/v1/applications/" + victim.appId;
        List<Attempt> attempts = List.of(
                new Attempt("GET", app, null),
                new Attempt("PATCH", app, "{\"name\":\"Owned\"}"),
                new Attempt("DELETE", app, null),
                new Attempt("POST", "/api/v1/settings/applications/" + victim.appId + "/rotate-secret", "{}"),
                new Attempt("GET", app + "/keys", null),
                new Attempt("POST", app + "/keys", "{\"name\":\"backdoor\",\"environment\":\"live\"}"),
                new Attempt("PATCH", app + "/keys/" + victim.keyId, "{\"name\":\"renamed\"}"),
                new Attempt("DELETE", app + "/keys/" + victim.keyId, null),
                new Attempt("DELETE", "/api/v1/applications/" + attackerApp.getString("id") + "/keys/" + victim.keyId, null),
                new Attempt("PUT", app + "/collections/notes", "{\"rls_enabled\":true,\"read_access\":\"owner\"}"),
                new Attempt("GET", app + "/usage", null),
                new Attempt("GET", app + "/audit-log", null));
        for (Attempt attempt : attempts) {
            attempt.assertRefused(() -> Api.asTenantAdmin(attackerTenant), 404);
        }
        assertTrue(Api.asTenantAdmin(attackerTenant).header("X-Tenant", victim.tenant).get(app).statusCode() == 403,
                "naming the victim's tenant does not help");
        assertVictimUntouched();
    }

    /** The API-key plane, with another application's secret keys (same tenant or not) and its publishable key. */
    @Test
    void anotherApplicationsKeysReachNothingOfTheVictim() {
        JsonPath sibling = Api.createApplication(victim.tenant, Map.of("name", "Sibling"));
        String app = "/api/v1/applications/" + victim.appId;
        List<String> keys = List.of(attackerApp.getString("keys.live.secret_key"), sibling.getString("keys.live.secret_key"),
                sibling.getString("keys.live.publishable_key"));
        for (String key : keys) {
            List<Attempt> attempts = List.of(
                    new Attempt("GET", app, null),
                    new Attempt("GET", app + "/keys", null),
                    new Attempt("PUT", app + "/collections/notes", "{\"rls_enabled\":true,\"read_access\":\"owner\"}"),
                    new Attempt("GET", app + "/usage", null),
                    new Attempt("GET", app + "/audit-log", null),
                    new Attempt("GET", "/api/data/notes/" + victim.liveDocument, null),
                    new Attempt("PUT", "/api/data/notes/" + victim.liveDocument, "{\"secret\":\"overwritten\"}"),
                    new Attempt("PATCH", "/api/data/notes/" + victim.liveDocument, "{\"secret\":\"patched\"}"),
                    new Attempt("DELETE", "/api/data/notes/" + victim.liveDocument, null));
            for (Attempt attempt : attempts) {
                attempt.assertRefused(() -> EndUsers.withKey(key), 403, 404);
            }
            Response listed = EndUsers.withKey(key).get("/api/data/notes");
            assertEquals(200, listed.statusCode());
            assertTrue(!listed.asString().contains(victim.liveDocument), "another application lists the victim's document");
        }
        assertVictimUntouched();
    }

    /** The victim application's own test key and test-environment user reach nothing live. */
    @Test
    void theTestEnvironmentReachesNothingLive() {
        String live = "/api/data/notes/" + victim.liveDocument;
        for (Attempt attempt : List.of(new Attempt("GET", live, null), new Attempt("PUT", live, "{\"secret\":\"x\"}"),
                new Attempt("PATCH", live, "{\"secret\":\"x\"}"), new Attempt("DELETE", live, null))) {
            attempt.assertRefused(() -> EndUsers.withKey(victim.testSk), 404);
        }
        Response settings = EndUsers.withKey(victim.testSk).body("{\"rls_enabled\":true,\"read_access\":\"owner\",\"environment\":\"live\"}")
                .put("/api/v1/applications/" + victim.appId + "/collections/notes");
        assertWellFormed(settings, "a test key changing live collection settings");
        assertEquals(403, settings.statusCode());
        assertVictimUntouched();
    }

    /** An end user's token belongs to one application and environment. */
    @Test
    void aUserTokenWorksWithItsOwnApplicationOnly() {
        String attackerPk = attackerApp.getString("keys.live.publishable_key");
        assertWellFormed(EndUsers.withUser(attackerPk, victim.userToken).get("/api/userAuth/me"), "foreign user token");
        assertEquals(401, EndUsers.withUser(attackerPk, victim.userToken).get("/api/userAuth/me").statusCode());
        Api.asTenantAdmin(attackerTenant).body(Map.of("rls_enabled", true, "read_access", "public"))
                .put("/api/v1/applications/" + attackerApp.getString("id") + "/collections/notes").then().statusCode(200);
        Response write = EndUsers.withUser(attackerPk, victim.userToken).body(Map.of("x", 1)).post("/api/data/notes");
        assertWellFormed(write, "write with a foreign user token");
        assertEquals(401, write.statusCode());
        assertEquals(0, database.count("select count(*) from document where application_id = ?::uuid",
                attackerApp.getString("id")));
    }

    private void assertVictimUntouched() {
        assertEquals(victim.name, Api.asTenantAdmin(victim.tenant).get("/api/v1/applications/" + victim.appId)
                .then().statusCode(200).extract().path("name"));
        EndUsers.withKey(victim.liveSk).get("/api/v1/keys/self").then().statusCode(200);
        assertEquals("victim's", EndUsers.withKey(victim.liveSk).get("/api/data/notes/" + victim.liveDocument)
                .then().statusCode(200).extract().path("data.secret"));
        assertEquals(0, database.count("select count(*) from api_key where application_id = ?::uuid and revoked_at is not null",
                victim.appId), "no key of the victim revoked");
        assertEquals(4, database.count("select count(*) from api_key where application_id = ?::uuid", victim.appId),
                "no key added to the victim");
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid and rls_enabled",
                victim.appId), "the victim's collection settings unchanged");
        assertEquals(List.of(), database.rows("select actor from audit_log where application_id = ?::uuid and actor not like ?",
                victim.appId, "admin:admin-of-" + victim.tenant + "@" + AdminTokens.ISSUER), "only the victim's own admin acted on it");
    }

    /**
     * A call on the victim's objects. It must be refused exactly as the same call on
     * ids that exist nowhere is refused, so the answer does not even tell that the object exists.
     */
    private final class Attempt {

        private final String method;
        private final String path;
        private final String body;

        Attempt(String method, String path, String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        void assertRefused(Supplier<RequestSpecification> credential, Integer... statuses) {
            Response response = send(credential, path);
            String what = method + " " + path;
            assertWellFormed(response, what);
            assertTrue(List.of(statuses).contains(response.statusCode()), what + " answered " + response.asString());
            String unknownPath = path;
            for (String id : List.of(victim.appId, victim.keyId, victim.liveDocument)) {
                unknownPath = unknownPath.replace(id, UUID.randomUUID().toString());
            }
            Response unknown = send(credential, unknownPath);
            assertEquals(unknown.statusCode(), response.statusCode(), what + ": same status as for ids that exist nowhere");
            assertEquals(unknown.jsonPath().getString("error"), response.jsonPath().getString("error"), what);
        }

        private Response send(Supplier<RequestSpecification> credential, String target) {
            RequestSpecification request = credential.get();
            if (body != null) {
                request.body(body);
            }
            return request.request(method, target);
        }
    }
}
