package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.MintedSecrets;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 13, sessions: refresh rotation and reuse detection, logout, the session listing. */
@QuarkusTest
class SessionsTest {

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    @Test
    void aSignInAnswersASessionWhoseTokenNamesIt() throws Exception {
        JsonPath session = EndUsers.signup(app.publishableKey());
        assertEquals(Boolean.TRUE, session.get("success"));
        assertEquals(Boolean.FALSE, session.get("user.email_verified"));
        String refresh = session.getString("refresh_token");
        assertEquals(46, refresh.length(), "rt_ and 256 bits in base64url");
        var claims = SignedJWT.parse(session.getString("token")).getJWTClaimsSet();
        assertEquals(session.getString("session_id"), claims.getStringClaim("sid"));
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        // stored only as its SHA-256
        assertEquals(1, database.count("select count(*) from end_user_refresh_token where hash = ?",
                MessageDigest.getInstance("SHA-256").digest(refresh.getBytes(StandardCharsets.US_ASCII))));
        assertEquals(0, database.count("select count(*) from end_user_session s where s::text like ?", "%" + refresh + "%"));
    }

    @Test
    void aRefreshSpendsItsTokenAndAnswersTheNextOne() {
        JsonPath first = EndUsers.signup(app.publishableKey());
        JsonPath second = refresh(first.getString("refresh_token")).statusCode(200).extract().jsonPath();
        assertEquals(first.getString("session_id"), second.getString("session_id"));
        assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
        assertEquals(first.getString("user.id"), second.getString("user.id"));
        withUser(app.publishableKey(), second.getString("token")).get("/api/userAuth/me").then().statusCode(200);
        // the next token refreshes in turn
        refresh(second.getString("refresh_token")).statusCode(200);
    }

    @Test
    void aLostAnswerMayBeAskedForAgainWithinTheReuseWindow() {
        JsonPath first = EndUsers.signup(app.publishableKey());
        String spent = first.getString("refresh_token");
        String next = refresh(spent).statusCode(200).extract().path("refresh_token");
        String again = refresh(spent).statusCode(200).extract().path("refresh_token");
        assertEquals(next, again, "the same successor, not a second branch of the session");
        refresh(next).statusCode(200);
    }

    @Test
    void refreshesRacingWithOneTokenGetOneSuccessorAndKeepTheSession() throws Exception {
        JsonPath first = EndUsers.signup(app.publishableKey());
        String token = first.getString("refresh_token");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        List<java.util.concurrent.Future<io.restassured.response.ExtractableResponse<io.restassured.response.Response>>> calls =
                new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                calls.add(pool.submit(() -> refresh(token).extract()));
            }
            java.util.Set<String> successors = new java.util.HashSet<>();
            for (var call : calls) {
                var answer = call.get();
                assertEquals(200, answer.statusCode(), answer.asString());
                successors.add(answer.path("refresh_token"));
            }
            assertEquals(1, successors.size(), "one successor, not a fork of the session");
            refresh(successors.iterator().next()).statusCode(200);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSpentTokenPresentedLaterEndsTheWholeSession() {
        JsonPath first = EndUsers.signup(app.publishableKey());
        String a = first.getString("refresh_token");
        JsonPath second = refresh(a).statusCode(200).extract().jsonPath();
        JsonPath third = refresh(second.getString("refresh_token")).statusCode(200).extract().jsonPath();
        // a is spent and so is its successor: someone else holds a copy of it
        refresh(a).statusCode(401).body("error", equalTo("invalid_token"));
        withUser(app.publishableKey(), third.getString("token")).get("/api/userAuth/me").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        refresh(third.getString("refresh_token")).statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void pastTheReuseWindowTheJustSpentTokenEndsTheSessionToo() throws Exception {
        JsonPath first = EndUsers.signup(app.publishableKey());
        String spent = first.getString("refresh_token");
        String next = refresh(spent).statusCode(200).extract().path("refresh_token");
        database.execute("update end_user_refresh_token set spent_at = spent_at - interval '11 seconds' where spent_at is not null"
                + " and session_id = ?", UUID.fromString(first.getString("session_id")));
        refresh(spent).statusCode(401).body("error", equalTo("invalid_token"));
        refresh(next).statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void anIdleOrUnknownOrForeignRefreshTokenIsRefused() throws Exception {
        JsonPath session = EndUsers.signup(app.publishableKey());
        // another application's publishable key cannot spend it
        NewApplication other = NewApplication.create();
        withKey(other.publishableKey()).body(Map.of("refresh_token", session.getString("refresh_token")))
                .post("/api/userAuth/refresh").then().statusCode(401).body("error", equalTo("invalid_token"));
        refresh("rt_" + "A".repeat(43)).statusCode(401).body("error", equalTo("invalid_token"));
        refresh("not a token").statusCode(401).body("error", equalTo("invalid_token"));
        withKey(app.publishableKey()).body(Map.of()).post("/api/userAuth/refresh").then().statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", matchesPattern(".*refresh_token.*"));
        database.execute("update end_user_session set last_used_at = now() - interval '8 days' where id = ?",
                UUID.fromString(session.getString("session_id")));
        refresh(session.getString("refresh_token")).statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void logoutEndsThisSessionOrEveryOne() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath one = EndUsers.signup(app.publishableKey(), email, password);
        JsonPath two = login(email, password);
        JsonPath three = login(email, password);

        withUser(app.publishableKey(), one.getString("token")).post("/api/userAuth/logout").then().statusCode(204);
        withUser(app.publishableKey(), one.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        refresh(one.getString("refresh_token")).statusCode(401);
        withUser(app.publishableKey(), two.getString("token")).get("/api/userAuth/me").then().statusCode(200);

        withUser(app.publishableKey(), two.getString("token")).body(Map.of("all", true)).post("/api/userAuth/logout")
                .then().statusCode(204);
        withUser(app.publishableKey(), three.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        refresh(three.getString("refresh_token")).statusCode(401);
    }

    @Test
    void theSessionListingShowsLiveSessionsAndMarksTheCurrentOne() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath one = EndUsers.signup(app.publishableKey(), email, password);
        JsonPath two = login(email, password);
        withUser(app.publishableKey(), two.getString("token")).header("User-Agent", "Session-Test/1.0")
                .get("/api/userAuth/sessions").then().statusCode(200).body("data", hasSize(2))
                .body("data.find { it.current }.id", equalTo(two.getString("session_id")))
                .body("data.find { !it.current }.id", equalTo(one.getString("session_id")))
                .body("data[0].created_at", not(equalTo(null))).body("data[0].ip", equalTo("127.0.0.1"));
        withUser(app.publishableKey(), one.getString("token")).post("/api/userAuth/logout").then().statusCode(204);
        withUser(app.publishableKey(), two.getString("token")).get("/api/userAuth/sessions").then().statusCode(200)
                .body("data", hasSize(1));
    }

    @Test
    void aSignInByAMethodTheApplicationDoesNotOfferIsRefused() {
        NewApplication magicOnly = NewApplication.create(Map.of("name", "Magic only", "auth_methods", List.of("magic_link")));
        withKey(magicOnly.publishableKey()).body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(403).body("error", equalTo("auth_method_disabled"));
        withKey(magicOnly.publishableKey()).body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                .post("/api/userAuth/login").then().statusCode(403).body("error", equalTo("auth_method_disabled"));
        assertEquals(0, database.count("select count(*) from end_user where application_id = ?", UUID.fromString(magicOnly.id())));
        // the seeds' spelling, password, is email_password
        NewApplication seeds = NewApplication.create(Map.of("name", "Seeds", "auth_methods", List.of("password")));
        EndUsers.signup(seeds.publishableKey());
    }

    @Test
    void aDisabledUserCannotSignInAndItsTokensStopWorking() throws Exception {
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath session = EndUsers.signup(app.publishableKey(), email, password);
        database.execute("update end_user set disabled = true where id = ?", UUID.fromString(session.getString("user.id")));
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        withKey(app.publishableKey()).body(Map.of("email", email, "password", password)).post("/api/userAuth/login")
                .then().statusCode(403).body("error", equalTo("user_disabled"));
        refresh(session.getString("refresh_token")).statusCode(401);
    }

    private JsonPath login(String email, String password) {
        return withKey(app.publishableKey()).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(200).extract().jsonPath();
    }

    private io.restassured.response.ValidatableResponse refresh(String refreshToken) {
        MintedSecrets.remember(refreshToken);
        return withKey(app.publishableKey()).body(Map.of("refresh_token", refreshToken)).post("/api/userAuth/refresh").then();
    }
}
