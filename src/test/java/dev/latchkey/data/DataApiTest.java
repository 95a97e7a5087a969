package dev.latchkey.data;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data API, row by row of the contract's publishable-key table, plus isolation and paging. */
@QuarkusTest
class DataApiTest {

    @Inject
    Database database;

    @Inject
    DataSource pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size", defaultValue = "20")
    int poolSize;

    private String tenant;
    private String appId;
    private String livePk;
    private String liveSk;
    private String testPk;
    private String testSk;

    @BeforeEach
    void newApplication() {
        tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        appId = app.getString("id");
        livePk = app.getString("keys.live.publishable_key");
        liveSk = app.getString("keys.live.secret_key");
        testPk = app.getString("keys.test.publishable_key");
        testSk = app.getString("keys.test.secret_key");
    }

    private void settings(String collection, boolean rls, String readAccess) {
        Api.asTenantAdmin(tenant).body(Map.of("rls_enabled", rls, "read_access", readAccess))
                .put("/api/v1/applications/" + appId + "/collections/" + collection).then().statusCode(200);
    }

    private static ValidatableResponse create(String key, String collection, Map<String, ?> body) {
        return withKey(key).body(body).post("/api/data/" + collection).then();
    }

    private static String createdId(ValidatableResponse response) {
        return response.statusCode(201).extract().path("data._id");
    }

    private long documents(String collection) {
        return database.count("select count(*) from document where application_id = ?::uuid and collection = ?", appId, collection);
    }

    /** Overload: with every pooled connection taken, a read waits its turn, then answers 503 (retry), never 500. */
    @Test
    void aReadThatGetsNoConnectionInTimeIsUnavailable() throws Exception {
        String id = createdId(create(liveSk, "posts", Map.of("title", "Hello")));
        withKey(livePk).get("/api/data/posts/" + id).then().statusCode(200); // the key and the collection's rules now cached
        List<Connection> taken = new ArrayList<>();
        try {
            for (int i = 0; i < poolSize; i++) {
                taken.add(pool.getConnection());
            }
            withKey(livePk).get("/api/data/posts/" + id).then().statusCode(503)
                    .body("error", equalTo("unavailable"));
        } finally {
            for (Connection connection : taken) {
                connection.close();
            }
        }
        withKey(livePk).get("/api/data/posts/" + id).then().statusCode(200).body("data._id", equalTo(id));
    }

    @Test
    void aPublishableKeyReadsAnyCollection() {
        String id = createdId(create(liveSk, "posts", Map.of("title", "Hello", "tags", List.of("a", "b"))));
        withKey(livePk).get("/api/data/posts/" + id).then().statusCode(200)
                .body("success", equalTo(true))
                .body("data._id", equalTo(id))
                .body("data._owner", nullValue())
                .body("data._created_at", notNullValue())
                .body("data._updated_at", notNullValue())
                .body("data.title", equalTo("Hello"))
                .body("data.tags", contains("a", "b"));
        withKey(livePk).get("/api/data/posts").then().statusCode(200)
                .body("success", equalTo(true)).body("data._id", contains(id)).body("next", nullValue());
        // a collection nobody wrote to yet reads as empty
        withKey(livePk).get("/api/data/nothing_here").then().statusCode(200).body("data", empty());
    }

    @Test
    void aPublishableWriteWithoutRlsIsBlockedWithOrWithoutAUserToken() {
        createdId(create(liveSk, "posts", Map.of("title", "by the server")));
        String token = EndUsers.signup(livePk).getString("token");
        for (var request : List.of(withKey(livePk), withUser(livePk, token))) {
            request.body(Map.of("title", "x")).post("/api/data/posts").then().statusCode(403)
                    .body("success", equalTo(false))
                    .body("error", equalTo("write_blocked"))
                    .body("message", equalTo("Write blocked for publishable key"));
        }
        // also for a collection that does not exist yet: it is not created
        withUser(livePk, token).body(Map.of("title", "x")).post("/api/data/brand_new").then().statusCode(403)
                .body("error", equalTo("write_blocked"));
        assertEquals(1, documents("posts"));
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid and name = 'brand_new'", appId));
    }

    @Test
    void anRlsWriteNeedsAUserToken() {
        settings("notes", true, "public");
        withKey(livePk).body(Map.of("text", "x")).post("/api/data/notes").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(livePk, "garbage.token.here").body(Map.of("text", "x")).post("/api/data/notes").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        assertEquals(0, documents("notes"));
    }

    @Test
    void anEndUserWritesTheirOwnDocuments() {
        settings("notes", true, "public");
        JsonPath session = EndUsers.signup(livePk);
        String userId = session.getString("user.id");
        String token = session.getString("token");

        var created = withUser(livePk, token).body(Map.of("text", "mine", "done", false)).post("/api/data/notes").then()
                .statusCode(201).body("data._owner", equalTo(userId)).body("data.text", equalTo("mine")).extract();
        String id = created.path("data._id");
        assertEquals("/api/data/notes/" + id, URI.create(created.header("Location")).getPath());
        withUser(livePk, token).body(Map.of("text", "changed")).put("/api/data/notes/" + id).then().statusCode(200)
                .body("data.text", equalTo("changed")).body("data", not(hasKey("done"))).body("data._owner", equalTo(userId));
        withUser(livePk, token).body(Map.of("done", true)).patch("/api/data/notes/" + id).then().statusCode(200)
                .body("data.text", equalTo("changed")).body("data.done", equalTo(true));
        withUser(livePk, token).delete("/api/data/notes/" + id).then().statusCode(200)
                .body("success", equalTo(true)).body("$", not(hasKey("data")));
        withKey(livePk).get("/api/data/notes/" + id).then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void anEndUserCannotChangeAnotherUsersDocument() {
        settings("notes", true, "public");
        String alice = EndUsers.signup(livePk).getString("token");
        String bob = EndUsers.signup(livePk).getString("token");
        String id = createdId(withUser(livePk, alice).body(Map.of("text", "alice's")).post("/api/data/notes").then());

        withUser(livePk, bob).body(Map.of("text", "bob was here")).put("/api/data/notes/" + id).then().statusCode(403)
                .body("error", equalTo("owner_mismatch"));
        withUser(livePk, bob).body(Map.of("text", "bob was here")).patch("/api/data/notes/" + id).then().statusCode(403)
                .body("error", equalTo("owner_mismatch"));
        withUser(livePk, bob).delete("/api/data/notes/" + id).then().statusCode(403).body("error", equalTo("owner_mismatch"));
        // a document written by the server has no owner: no end user may change it
        String serverDoc = createdId(create(liveSk, "notes", Map.of("text", "pinned")));
        withUser(livePk, alice).delete("/api/data/notes/" + serverDoc).then().statusCode(403).body("error", equalTo("owner_mismatch"));

        withKey(livePk).get("/api/data/notes/" + id).then().statusCode(200).body("data.text", equalTo("alice's"));
        assertEquals(2, documents("notes"));
    }

    @Test
    void aSecretKeyBypassesRowLevelSecurity() {
        settings("notes", true, "owner");
        String alice = EndUsers.signup(livePk).getString("token");
        String id = createdId(withUser(livePk, alice).body(Map.of("text", "alice's")).post("/api/data/notes").then());
        withKey(liveSk).body(Map.of("text", "moderated")).put("/api/data/notes/" + id).then().statusCode(200)
                .body("data.text", equalTo("moderated"));
        withKey(liveSk).get("/api/data/notes").then().statusCode(200).body("data._id", contains(id));
        createdId(create(liveSk, "notes", Map.of("text", "server's own")));
        withKey(liveSk).delete("/api/data/notes/" + id).then().statusCode(200);
        // and with RLS off, where publishable keys are blocked
        createdId(create(liveSk, "open_posts", Map.of("text", "fine")));
    }

    @Test
    void ownerReadsShowAPublishableKeyOnlyItsUsersDocuments() {
        settings("diary", true, "owner");
        String alice = EndUsers.signup(livePk).getString("token");
        String bob = EndUsers.signup(livePk).getString("token");
        String aliceDoc = createdId(withUser(livePk, alice).body(Map.of("text", "dear diary")).post("/api/data/diary").then());
        String bobDoc = createdId(withUser(livePk, bob).body(Map.of("text", "bob's")).post("/api/data/diary").then());

        withKey(livePk).get("/api/data/diary").then().statusCode(401).body("error", equalTo("invalid_token"));
        withKey(livePk).get("/api/data/diary/" + aliceDoc).then().statusCode(401).body("error", equalTo("invalid_token"));
        withUser(livePk, alice).get("/api/data/diary").then().statusCode(200).body("data._id", contains(aliceDoc));
        withUser(livePk, alice).get("/api/data/diary/" + bobDoc).then().statusCode(404).body("error", equalTo("not_found"));
        withUser(livePk, bob).get("/api/data/diary/" + bobDoc).then().statusCode(200).body("data.text", equalTo("bob's"));
        withKey(liveSk).get("/api/data/diary").then().statusCode(200).body("data._id", contains(aliceDoc, bobDoc));
    }

    @Test
    void theUsersCollectionIsAlwaysRefused() {
        String token = EndUsers.signup(livePk).getString("token");
        List<ValidatableResponse> answers = List.of(
                withKey(livePk).get("/api/data/users").then(),
                withKey(liveSk).get("/api/data/users").then(),
                withKey(liveSk).get("/api/data/users/00000000-0000-0000-0000-000000000000").then(),
                withUser(livePk, token).body(Map.of("email", "x@example.com")).post("/api/data/users").then(),
                withKey(liveSk).body(Map.of("role", "admin")).patch("/api/data/users/anything").then(),
                withKey(liveSk).delete("/api/data/users/a/b").then(),
                withKey(liveSk).get("/api/data/users_profiles").then(),
                given().get("/api/data/users").then());
        for (ValidatableResponse answer : answers) {
            answer.statusCode(403).body("success", equalTo(false)).body("error", equalTo("use_user_auth"))
                    .body("message", containsString("/api/userAuth"));
        }
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid", appId));
    }

    @Test
    void liveAndTestDataAreIsolatedBothWays() {
        String liveDoc = createdId(create(liveSk, "posts", Map.of("env", "live")));
        String testDoc = createdId(create(testSk, "posts", Map.of("env", "test")));

        withKey(testSk).get("/api/data/posts").then().statusCode(200).body("data._id", contains(testDoc));
        withKey(testPk).get("/api/data/posts").then().statusCode(200).body("data._id", contains(testDoc));
        withKey(livePk).get("/api/data/posts").then().statusCode(200).body("data._id", contains(liveDoc));
        // a read by id finds its document in its own environment's partition, and only there
        withKey(testPk).get("/api/data/posts/" + testDoc).then().statusCode(200).body("data.env", equalTo("test"));
        withKey(livePk).get("/api/data/posts/" + liveDoc).then().statusCode(200).body("data.env", equalTo("live"));
        withKey(testSk).get("/api/data/posts/" + liveDoc).then().statusCode(404);
        withKey(liveSk).get("/api/data/posts/" + testDoc).then().statusCode(404);
        withKey(testSk).body(Map.of("env", "hijacked")).put("/api/data/posts/" + liveDoc).then().statusCode(404);
        withKey(testSk).body(Map.of("env", "hijacked")).patch("/api/data/posts/" + liveDoc).then().statusCode(404);
        withKey(testSk).delete("/api/data/posts/" + liveDoc).then().statusCode(404);
        withKey(liveSk).delete("/api/data/posts/" + testDoc).then().statusCode(404);

        assertEquals(List.of(List.of("LIVE", "{\"env\": \"live\"}")),
                database.rows("select environment, body::text from document where id = ?::uuid", liveDoc));
        assertEquals(List.of(List.of("{\"env\": \"test\"}")),
                database.rows("select body::text from document_partitions.document_test where id = ?::uuid", testDoc));
    }

    /**
     * Reads made at the same time may share a batched query (BatchedLookupTest shows the batching
     * itself): under such load each still answers only its own key's document, across
     * environments, collections and applications, and a miss stays a 404.
     */
    @Test
    void concurrentReadsAnswerEachCallerItsOwnDocument() throws Exception {
        JsonPath other = Api.createApplication(Api.createTenant());
        String otherSk = other.getString("keys.live.secret_key");
        String otherPk = other.getString("keys.live.publishable_key");
        String livePost = createdId(create(liveSk, "posts", Map.of("n", "live post")));
        String liveNote = createdId(create(liveSk, "notes", Map.of("n", "live note")));
        String testPost = createdId(create(testSk, "posts", Map.of("n", "test post")));
        String otherPost = createdId(create(otherSk, "posts", Map.of("n", "other post")));
        record Read(String key, String path, String expected) {
        }
        List<Read> reads = List.of(
                new Read(livePk, "posts/" + livePost, "live post"),
                new Read(livePk, "notes/" + liveNote, "live note"),
                new Read(testPk, "posts/" + testPost, "test post"),
                new Read(otherPk, "posts/" + otherPost, "other post"),
                new Read(testPk, "posts/" + livePost, null), // the other environment's
                new Read(livePk, "notes/" + livePost, null), // another collection's
                new Read(otherPk, "posts/" + livePost, null), // another application's
                new Read(livePk, "posts/" + otherPost, null));
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<String>> failures = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                Read read = reads.get(i % reads.size());
                failures.add(threads.submit(() -> {
                    var response = withKey(read.key()).get("/api/data/" + read.path());
                    int expectedStatus = read.expected() == null ? 404 : 200;
                    String found = response.statusCode() == 200 ? response.path("data.n") : null;
                    return response.statusCode() == expectedStatus && Objects.equals(found, read.expected())
                            ? null
                            : read + " answered " + response.statusCode() + " " + response.asString();
                }));
            }
            for (Future<String> failure : failures) {
                assertNull(failure.get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aTestUsersTokenWritesNothingLive() {
        settings("notes", true, "public");
        String testToken = EndUsers.signup(testPk).getString("token");
        withUser(livePk, testToken).body(Map.of("text", "x")).post("/api/data/notes").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(testPk, testToken).body(Map.of("text", "x")).post("/api/data/notes").then().statusCode(201);
        assertEquals(0, database.count("select count(*) from document_partitions.document_live where application_id = ?::uuid", appId));
    }

    @Test
    void anotherApplicationsKeysAndTokensSeeNothing() {
        settings("notes", true, "public");
        String id = createdId(create(liveSk, "notes", Map.of("text", "ours")));
        JsonPath other = Api.createApplication(Api.createTenant());
        String otherPk = other.getString("keys.live.publishable_key");
        String otherSk = other.getString("keys.live.secret_key");
        withKey(otherSk).get("/api/data/notes/" + id).then().statusCode(404);
        withKey(otherSk).get("/api/data/notes").then().statusCode(200).body("data", empty());
        withKey(otherSk).delete("/api/data/notes/" + id).then().statusCode(404);
        String ourToken = EndUsers.signup(livePk).getString("token");
        withUser(otherPk, ourToken).body(Map.of("text", "x")).post("/api/data/notes").then().statusCode(403)
                .body("error", equalTo("write_blocked"));
        assertEquals(1, documents("notes"));
    }

    @Test
    void putReplacesPatchMergesAndSystemFieldsStay() {
        String id = createdId(create(liveSk, "profiles",
                Map.of("name", "Ada", "address", Map.of("city", "London", "zip", "N1"), "tags", List.of("x"))));
        JsonPath before = withKey(liveSk).get("/api/data/profiles/" + id).then().extract().jsonPath();

        withKey(liveSk).body("{\"address\": {\"zip\": null, \"street\": \"Main\"}, \"tags\": [\"y\"], \"age\": 36}")
                .patch("/api/data/profiles/" + id).then().statusCode(200)
                .body("data.name", equalTo("Ada"))
                .body("data.address", equalTo(Map.of("city", "London", "street", "Main")))
                .body("data.tags", contains("y"))
                .body("data.age", equalTo(36))
                .body("data._id", equalTo(id))
                .body("data._created_at", equalTo(before.getString("data._created_at")));
        JsonPath replaced = withKey(liveSk).body(Map.of("name", "Grace")).put("/api/data/profiles/" + id).then()
                .statusCode(200).body("data.name", equalTo("Grace")).body("data", not(hasKey("address")))
                .extract().jsonPath();
        assertEquals(before.getString("data._created_at"), replaced.getString("data._created_at"));
        assertNotEquals(before.getString("data._updated_at"), replaced.getString("data._updated_at"));
        withKey(liveSk).body(Map.of("name", "x")).put("/api/data/profiles/00000000-0000-7000-8000-000000000000").then()
                .statusCode(404).body("error", equalTo("not_found"));
        withKey(liveSk).get("/api/data/profiles/not-a-uuid").then().statusCode(404).body("error", equalTo("not_found"));
    }

    @Test
    void aSecretKeysFirstWriteCreatesTheCollectionWithSafeDefaults() {
        createdId(create(liveSk, "fresh", Map.of("a", 1)));
        assertEquals(List.of(List.of(false, "PUBLIC")), database.rows(
                "select rls_enabled, read_access from collection where application_id = ?::uuid and name = 'fresh' and environment = 'LIVE'", appId));
        assertEquals(0, database.count(
                "select count(*) from collection where application_id = ?::uuid and name = 'fresh' and environment = 'TEST'", appId));
    }

    @Test
    void restrictedSecretKeysNeedTheDataPermission() {
        String readOnly = restrictedKey(Map.of("data", "read"));
        String noData = restrictedKey(Map.of("analytics", "read"));
        String id = createdId(create(liveSk, "posts", Map.of("a", 1)));
        withKey(readOnly).get("/api/data/posts/" + id).then().statusCode(200);
        withKey(readOnly).body(Map.of("a", 2)).post("/api/data/posts").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions")).body("required_permission", equalTo("data:write"));
        withKey(readOnly).delete("/api/data/posts/" + id).then().statusCode(403).body("required_permission", equalTo("data:write"));
        withKey(noData).get("/api/data/posts").then().statusCode(403).body("required_permission", equalTo("data:read"));
        assertEquals(1, documents("posts"));
    }

    private String restrictedKey(Map<String, String> permissions) {
        return Api.asTenantAdmin(tenant)
                .body(Map.of("name", "restricted", "environment", "live", "permissions", permissions))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().path("secret_key");
    }

    @Test
    void listsPageInCreationOrderWithAnOpaqueCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createdId(create(liveSk, "items", Map.of("n", i))));
        }
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            var request = withKey(livePk).queryParam("limit", 2);
            if (after != null) {
                request.queryParam("after", after);
            }
            JsonPath page = request.get("/api/data/items").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data._id"));
            after = page.getString("next");
        } while (after != null);
        assertEquals(ids, seen);
        withKey(livePk).get("/api/data/items").then().body("data.n", contains(0, 1, 2, 3, 4));

        for (String limit : List.of("0", "201", "abc", "-1")) {
            withKey(livePk).queryParam("limit", limit).get("/api/data/items").then().statusCode(400)
                    .body("error", equalTo("invalid_request"));
        }
        withKey(livePk).queryParam("after", "not-a-cursor").get("/api/data/items").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
    }
}
