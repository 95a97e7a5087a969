package dev.latchkey.quota;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.UUID;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-application storage quotas: past one, 403 quota_exceeded and nothing stored; deleting makes room again. */
@QuarkusTest
@TestProfile(StorageQuotaTest.SmallQuotas.class)
class StorageQuotaTest {

    public static class SmallQuotas implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.quota.documents", "3", "latchkey.quota.document-bytes", "3000",
                    "latchkey.quota.end-users", "2", "latchkey.quota.collections", "2");
        }
    }

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void application() {
        app = NewApplication.create();
    }

    @Test
    void documentsStopAtTheQuotaAndDeletingMakesRoom() {
        String first = null;
        for (int i = 0; i < 3; i++) {
            String id = withKey(app.secretKey()).body(Map.of("n", i)).post("/api/data/notes").then().statusCode(201)
                    .extract().jsonPath().getString("data._id");
            first = first == null ? id : first;
        }
        withKey(app.secretKey()).body(Map.of("n", 3)).post("/api/data/notes").then().statusCode(403)
                .body("error", equalTo("quota_exceeded")).body("success", equalTo(false));
        assertEquals(3, documents());
        // the other environment has its own quota
        withKey(app.json().getString("keys.test.secret_key")).body(Map.of("n", 0)).post("/api/data/notes").then().statusCode(201);
        withKey(app.secretKey()).delete("/api/data/notes/" + first).then().statusCode(200);
        withKey(app.secretKey()).body(Map.of("n", 4)).post("/api/data/notes").then().statusCode(201);
        assertEquals(3, storedUsage("documents"));
    }

    @Test
    void aDocumentThatGrowsPastTheBytesIsRefusedAndKeepsItsBody() {
        String id = withKey(app.secretKey()).body(Map.of("text", "short")).post("/api/data/notes").then().statusCode(201)
                .extract().jsonPath().getString("data._id");
        withKey(app.secretKey()).body(Map.of("text", "x".repeat(3000))).put("/api/data/notes/" + id).then().statusCode(403)
                .body("error", equalTo("quota_exceeded"));
        withKey(app.secretKey()).get("/api/data/notes/" + id).then().statusCode(200).body("data.text", equalTo("short"));
        withKey(app.secretKey()).body(Map.of("text", "x".repeat(2000))).put("/api/data/notes/" + id).then().statusCode(200);
    }

    @Test
    void endUsersStopAtTheQuota() {
        EndUsers.signup(app.publishableKey());
        EndUsers.signup(app.publishableKey());
        String email = EndUsers.email();
        withKey(app.publishableKey()).body(Map.of("email", email, "password", EndUsers.password())).post("/api/userAuth/signup")
                .then().statusCode(403).body("error", equalTo("quota_exceeded"));
        assertEquals(0, database.count("select count(*) from end_user where email = ?", email));
        assertEquals(2, storedUsage("end_users"));
    }

    @Test
    void collectionsStopAtTheQuotaWhetherWrittenOrConfigured() {
        withKey(app.secretKey()).body(Map.of("n", 1)).post("/api/data/first").then().statusCode(201);
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                .put("/api/v1/applications/" + app.id() + "/collections/second").then().statusCode(200);
        withKey(app.secretKey()).body(Map.of("n", 1)).post("/api/data/third").then().statusCode(403)
                .body("error", equalTo("quota_exceeded"));
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                .put("/api/v1/applications/" + app.id() + "/collections/fourth").then().statusCode(403);
        assertEquals(0, database.count("select count(*) from collection where application_id = ? and name in ('third', 'fourth')",
                UUID.fromString(app.id())));
    }

    /** An operator lowered a quota below what is stored: writes that do not grow past it still pass. */
    @Test
    void overALoweredQuotaOnlyGrowingWritesAreRefused() throws Exception {
        String id = withKey(app.secretKey()).body(Map.of("text", "x".repeat(500))).post("/api/data/notes").then().statusCode(201)
                .extract().jsonPath().getString("data._id");
        withKey(app.secretKey()).body(Map.of("n", 1)).post("/api/data/other").then().statusCode(201);
        database.execute("update storage_usage set collections = 5, document_bytes = 10000 where application_id = ? and environment = 'LIVE'",
                UUID.fromString(app.id()));
        withKey(app.secretKey()).body(Map.of("text", "short")).put("/api/data/notes/" + id).then().statusCode(200);
        withKey(app.secretKey()).body(Map.of("text", "x".repeat(600))).put("/api/data/notes/" + id).then().statusCode(403);
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                .put("/api/v1/applications/" + app.id() + "/collections/notes").then().statusCode(200);
        withKey(app.secretKey()).delete("/api/data/notes/" + id).then().statusCode(200);
    }

    private long documents() {
        return database.count("select count(*) from document where application_id = ? and environment = 'LIVE'",
                UUID.fromString(app.id()));
    }

    private long storedUsage(String column) {
        return database.count("select " + column + " from storage_usage where application_id = ? and environment = 'LIVE'",
                UUID.fromString(app.id()));
    }
}
