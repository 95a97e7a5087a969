package dev.latchkey.abuse;

import static dev.latchkey.support.ContractAnswers.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OWASP API3 (broken object property level authorization): fields the service owns, sent in
 * bodies. None is taken: the request is refused as unknown or reserved, and nothing changes.
 */
@QuarkusTest
class MassAssignmentTest {

    @Inject
    Database database;

    private NewApplication own;

    @BeforeEach
    void application() {
        own = NewApplication.create();
    }

    @Test
    void applicationsTakeNoOwnershipOrIdentityFields() {
        String otherTenant = Api.createTenant();
        for (Map.Entry<String, Object> field : List.of(Map.<String, Object>entry("tenant_id", otherTenant),
                Map.<String, Object>entry("id", "00000000-0000-7000-8000-000000000000"), Map.<String, Object>entry("created_at", "2020-01-01T00:00:00Z"),
                Map.<String, Object>entry("keys", Map.of("live", Map.of("secret_key", "sk_live_chosen"))))) {
            assertRefused(Api.asTenantAdmin(own.tenant()).body(Map.of("name", "Sneaky", field.getKey(), field.getValue()))
                    .post("/api/v1/applications"), 400, "invalid_request", "create with " + field.getKey());
            assertRefused(Api.asTenantAdmin(own.tenant()).body(Map.of(field.getKey(), field.getValue()))
                    .patch("/api/v1/applications/" + own.id()), 400, "invalid_request", "patch with " + field.getKey());
        }
        assertEquals(0, database.count("select count(*) from application where tenant_id = ?", otherTenant));
        assertEquals(1, database.count("select count(*) from application where tenant_id = ?", own.tenant()));
        assertEquals(List.of(List.of(own.tenant())), database.rows("select tenant_id from application where id = ?::uuid", own.id()));
    }

    @Test
    void keysTakeNoStoredOrSecretFields() {
        for (Map.Entry<String, Object> field : List.of(Map.<String, Object>entry("id", "00000000-0000-7000-8000-000000000000"),
                Map.<String, Object>entry("type", "pk"), Map.<String, Object>entry("key_hash", "00"), Map.<String, Object>entry("secret_key", "sk_live_chosen"),
                Map.<String, Object>entry("revoked_at", "2020-01-01T00:00:00Z"), Map.<String, Object>entry("application_id", own.id()),
                Map.<String, Object>entry("last_used_at", "2020-01-01T00:00:00Z"))) {
            assertRefused(Api.asTenantAdmin(own.tenant()).body(Map.of("name", "k", "environment", "live", field.getKey(), field.getValue()))
                    .post("/api/v1/applications/" + own.id() + "/keys"), 400, "invalid_request", "key with " + field.getKey());
        }
        assertRefused(Api.asTenantAdmin(own.tenant()).body(Map.of("environment", "live", "key_id", "00000000-0000-7000-8000-000000000000"))
                .post("/api/v1/settings/applications/" + own.id() + "/rotate-secret"), 400, "invalid_request", "rotate naming a key");
        assertEquals(4, database.count("select count(*) from api_key where application_id = ?::uuid", own.id()));
        assertEquals(0, database.count("select count(*) from api_key where application_id = ?::uuid and revoked_at is not null", own.id()));
    }

    @Test
    void endUsersTakeNoIdentityOrHashFields() {
        for (Map.Entry<String, Object> field : List.of(Map.<String, Object>entry("id", "00000000-0000-7000-8000-000000000000"),
                Map.<String, Object>entry("application_id", own.id()), Map.<String, Object>entry("environment", "test"),
                Map.<String, Object>entry("password_hash", "$2a$04$abcdefghijklmnopqrstuv"))) {
            assertRefused(EndUsers.withKey(own.publishableKey()).body(Map.of("email", EndUsers.email(), "password", EndUsers.password(),
                    field.getKey(), field.getValue())).post("/api/userAuth/signup"), 400, "invalid_request", "signup with " + field.getKey());
        }
        assertEquals(0, database.count("select count(*) from end_user where application_id = ?::uuid", own.id()));
    }

    /** Under RLS, an end user cannot hand a document to someone else or take theirs by naming an owner. */
    @Test
    void anEndUserCannotChooseTheOwnerOfADocument() {
        Api.asTenantAdmin(own.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                .put("/api/v1/applications/" + own.id() + "/collections/notes").then().statusCode(200);
        JsonPath aliceSession = EndUsers.signup(own.publishableKey());
        String alice = aliceSession.getString("token");
        String bobId = EndUsers.signup(own.publishableKey()).getString("user.id");
        assertRefused(EndUsers.withUser(own.publishableKey(), alice).body(Map.of("text", "mine", "_owner", bobId)).post("/api/data/notes"),
                400, "invalid_request", "create naming another owner");
        String id = EndUsers.withUser(own.publishableKey(), alice).body(Map.of("text", "mine")).post("/api/data/notes")
                .then().statusCode(201).extract().path("data._id");
        for (String method : List.of("PUT", "PATCH")) {
            assertRefused(EndUsers.withUser(own.publishableKey(), alice).body(Map.of("text", "yours", "_owner", bobId)).request(method, "/api/data/notes/" + id),
                    400, "invalid_request", method + " naming another owner");
        }
        assertEquals(List.of(List.of(aliceSession.getString("user.id"), "{\"text\": \"mine\"}")),
                database.rows("select owner_id::text, body::text from document where id = ?::uuid", id));
    }
}
