package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.FromAddress;
import dev.latchkey.support.UserTokenForge;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserAuthTest {

    @Inject
    Database database;

    private JsonPath app;
    private String appId;
    private String livePk;
    private String testPk;

    @BeforeEach
    void newApplication() {
        app = Api.createApplication(Api.createTenant());
        appId = app.getString("id");
        livePk = app.getString("keys.live.publishable_key");
        testPk = app.getString("keys.test.publishable_key");
    }

    @Test
    void signupAnswersATokenAndTheUserAndStoresOnlyABcryptHash() {
        String password = EndUsers.password();
        JsonPath session = EndUsers.signup(livePk, "  Ada@Example.COM ", password);
        assertTrue(session.getBoolean("success"));
        assertEquals("ada@example.com", session.getString("user.email"));
        assertEquals(3600, session.getInt("expires_in"));
        String userId = session.getString("user.id");

        List<List<Object>> rows = database.rows(
                "select email, password_hash, environment, application_id::text from end_user where id = ?::uuid", userId);
        assertEquals(1, rows.size());
        String hash = (String) rows.getFirst().get(1);
        assertTrue(hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"), "a bcrypt hash");
        assertFalse(hash.contains(password));
        assertEquals("LIVE", rows.getFirst().get(2));
        assertEquals(appId, rows.getFirst().get(3));

        withUser(livePk, session.getString("token")).get("/api/userAuth/me").then().statusCode(200)
                .body("success", equalTo(true))
                .body("user.id", equalTo(userId))
                .body("user.email", equalTo("ada@example.com"))
                .body("user", not(hasKey("password_hash")));
    }

    @Test
    void theSameEmailTwiceIsAConflictWhateverItsCase() {
        String email = EndUsers.email();
        EndUsers.signup(livePk, email, EndUsers.password());
        withKey(livePk).body(Map.of("email", email.toUpperCase(), "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(409)
                .body("success", equalTo(false)).body("error", equalTo("conflict"));
        assertEquals(1, database.count("select count(*) from end_user where application_id = ?::uuid", appId));
    }

    @Test
    void liveAndTestHaveSeparateUsers() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(livePk, email, password);
        // the same address is free in test, and the live password does not open test
        withKey(testPk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login")
                .then().statusCode(401).body("error", equalTo("invalid_credentials"));
        EndUsers.signup(testPk, email, EndUsers.password());
        assertEquals(2, database.count("select count(*) from end_user where application_id = ?::uuid", appId));
    }

    @Test
    void loginAnswersANewTokenAndTheSameErrorForWrongPasswordAndUnknownEmail() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        String userId = EndUsers.signup(livePk, email, password).getString("user.id");

        JsonPath session = withKey(livePk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login")
                .then().statusCode(200).body("success", equalTo(true)).body("user.id", equalTo(userId))
                .body("token", not(emptyOrNullString())).extract().jsonPath();
        withUser(livePk, session.getString("token")).get("/api/userAuth/me").then().statusCode(200);

        String wrongPassword = withKey(livePk).body(Map.of("email", email, "password", EndUsers.password()))
                .post("/api/userAuth/login").then().statusCode(401).body("error", equalTo("invalid_credentials"))
                .extract().jsonPath().getString("message");
        String unknownEmail = withKey(livePk).body(Map.of("email", EndUsers.email(), "password", password))
                .post("/api/userAuth/login").then().statusCode(401).body("error", equalTo("invalid_credentials"))
                .extract().jsonPath().getString("message");
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void repeatedFailuresAreThrottledPerEmail() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(livePk, email, password);
        for (int i = 0; i < 5; i++) {
            withKey(livePk).body(Map.of("email", email, "password", EndUsers.password()))
                    .post("/api/userAuth/login").then().statusCode(401);
        }
        // even the right password waits now: the guesser cannot tell
        withKey(livePk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login")
                .then().statusCode(429).body("error", equalTo("rate_limited")).header("Retry-After", notNullValue());
        // another address of the same application is not affected
        String other = EndUsers.email();
        String otherPassword = EndUsers.password();
        EndUsers.signup(livePk, other, otherPassword);
        withKey(livePk).body(Map.of("email", other, "password", otherPassword)).post("/api/userAuth/login")
                .then().statusCode(200);
    }

    @Test
    void parallelGuessesAreCountedBeforeAnyIsJudged() throws Exception {
        String email = EndUsers.email();
        EndUsers.signup(livePk, email, EndUsers.password());
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(25)) {
            List<Future<Integer>> guesses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                guesses.add(threads.submit(() -> withKey(livePk).body(Map.of("email", email, "password", EndUsers.password()))
                        .post("/api/userAuth/login").statusCode()));
            }
            for (Future<Integer> guess : guesses) {
                statuses.add(guess.get());
            }
        }
        // at most the e-mail's five failures are judged; every other guess is refused before bcrypt
        assertEquals(5, statuses.stream().filter(status -> status == 401).count(), statuses.toString());
        assertEquals(95, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
    }

    @Test
    void strangersCannotLockTheOwnerOut() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(livePk, email, password);
        FromAddress stranger = FromAddress.of("127.0.0.20");
        for (int i = 0; i < 5; i++) {
            assertEquals(401, login(stranger, email, EndUsers.password()).statusCode());
        }
        assertEquals(429, login(stranger, email, password).statusCode(), "the stranger's address is locked out of this e-mail");
        // the owner, from an address that has not failed, still gets in with the right password
        assertEquals(200, login(FromAddress.of("127.0.0.21"), email, password).statusCode());
        // another fresh address gets one guess at the locked e-mail, not more
        FromAddress second = FromAddress.of("127.0.0.22");
        assertEquals(401, login(second, email, EndUsers.password()).statusCode());
        assertEquals(429, login(second, email, EndUsers.password()).statusCode());
    }

    @Test
    void aBotnetLocksAnEmailForAllButTheAddressesItKnows() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(livePk, email, password);
        FromAddress owner = FromAddress.of("127.0.1.250");
        assertEquals(200, login(owner, email, password).statusCode());
        // fifty fresh addresses, one guess each: ten times the e-mail's limit of five
        for (int i = 1; i <= 50; i++) {
            assertEquals(401, login(FromAddress.of("127.0.1." + i), email, EndUsers.password()).statusCode(), "guess " + i);
        }
        assertEquals(429, login(FromAddress.of("127.0.1.51"), email, EndUsers.password()).statusCode());
        assertEquals(429, login(FromAddress.of("127.0.1.52"), email, password).statusCode(), "even the right password, from elsewhere");
        assertEquals(200, login(owner, email, password).statusCode(), "the owner's known address still gets in");
    }

    private HttpResponse<String> login(FromAddress from, String email, String password) {
        return from.send(from.request("/api/userAuth/login").header("x-api-key", livePk).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")));
    }

    @Test
    void badSignupsAreClientErrorsAndStoreNothing() {
        withKey(livePk).body(Map.of("email", "not-an-email", "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(400).body("error", equalTo("invalid_request"));
        withKey(livePk).body(Map.of("email", EndUsers.email(), "password", "short"))
                .post("/api/userAuth/signup").then().statusCode(400).body("message", equalTo("password: must be at least 8 characters"));
        withKey(livePk).body(Map.of("email", EndUsers.email(), "password", "x".repeat(73)))
                .post("/api/userAuth/signup").then().statusCode(400).body("error", equalTo("invalid_request"));
        withKey(livePk).body(Map.of("email", EndUsers.email())).post("/api/userAuth/signup").then().statusCode(400);
        withKey(livePk).body(Map.of("email", EndUsers.email(), "password", EndUsers.password(), "admin", true))
                .post("/api/userAuth/signup").then().statusCode(400).body("message", equalTo("unknown field 'admin'"));
        withKey(livePk).body("{\"email\": ").post("/api/userAuth/signup").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        withKey(livePk).post("/api/userAuth/signup").then().statusCode(400);
        assertEquals(0, database.count("select count(*) from end_user where application_id = ?::uuid", appId));
    }

    @Test
    void signupNeedsAnApiKey() {
        given().contentType("application/json").body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(401).body("error", equalTo("missing_credentials"));
    }

    @Test
    void aRestrictedSecretKeyNeedsTheUsersPermission() {
        String readOnly = Api.asTenantAdmin(app.getString("tenant_id"))
                .body(Map.of("name", "reporting", "environment", "live", "permissions", Map.of("data", "read")))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().path("secret_key");
        given().header("x-api-key", readOnly).contentType("application/json")
                .body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(403)
                .body("error", equalTo("insufficient_permissions")).body("required_permission", equalTo("users:write"));
        // an unrestricted secret key may
        given().header("x-api-key", app.getString("keys.live.secret_key")).contentType("application/json")
                .body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(201);
    }

    @Test
    void meNeedsAValidTokenOfTheSameApplicationAndEnvironment() {
        JsonPath session = EndUsers.signup(livePk);
        String userId = session.getString("user.id");
        String sessionId = session.getString("session_id");
        String token = session.getString("token");

        withKey(livePk).get("/api/userAuth/me").then().statusCode(401).body("error", equalTo("invalid_token"));
        // the live user's token opens neither test nor another application
        withUser(testPk, token).get("/api/userAuth/me").then().statusCode(401).body("error", equalTo("invalid_token"));
        JsonPath other = Api.createApplication(Api.createTenant());
        withUser(other.getString("keys.live.publishable_key"), token).get("/api/userAuth/me")
                .then().statusCode(401).body("error", equalTo("invalid_token"));

        withUser(livePk, UserTokenForge.expired(userId, sessionId, appId, "live")).get("/api/userAuth/me").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(livePk, UserTokenForge.unsigned(userId, sessionId, appId, "live")).get("/api/userAuth/me").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(livePk, token.substring(0, token.length() - 4) + "AAAA").get("/api/userAuth/me").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(livePk, "not.a.jwt").get("/api/userAuth/me").then().statusCode(401).body("error", equalTo("invalid_token"));
        // well signed, but made out for the test environment
        withUser(livePk, UserTokenForge.sign(UserTokenForge.claims(userId, sessionId, appId, "test"))).get("/api/userAuth/me")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
        // a properly signed token for the right app and environment works
        withUser(livePk, UserTokenForge.sign(UserTokenForge.claims(userId, sessionId, appId, "live"))).get("/api/userAuth/me")
                .then().statusCode(200).body("user.id", equalTo(userId));
    }

    @Test
    void forgedSignaturesAndLongLivedTokensAreRefused() throws Exception {
        JsonPath session = EndUsers.signup(livePk);
        String userId = session.getString("user.id");
        String sessionId = session.getString("session_id");
        withUser(livePk, UserTokenForge.foreignSignature(userId, sessionId, appId, "live")).get("/api/userAuth/me")
                .then().statusCode(401).body("error", equalTo("invalid_token"));
        String dayLong = UserTokenForge.sign(UserTokenForge.claims(userId, sessionId, appId, "live").expiresIn(java.time.Duration.ofDays(1)));
        withUser(livePk, dayLong).get("/api/userAuth/me").then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void aUserTokenIsNoAdminToken() {
        String token = EndUsers.signup(livePk).getString("token");
        given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
    }
}
