package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Api;
import dev.latchkey.support.Authenticator;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.Inbox;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 14, {@code mfa_required}: no session before the second factor, enrolment with
 * the challenge, and the data API and realtime refusing tokens of sessions that did not pass MFA.
 */
@QuarkusTest
class MfaRequiredTest {

    @Inject
    Database database;

    @Test
    void aNewUserEnrolsWithItsChallengeAndSignsInWithAFreshCode() throws Exception {
        NewApplication app = NewApplication.create(Map.of("name", "Bulwark", "mfa_required", true));
        ownRows(app);
        String email = EndUsers.email();
        JsonPath signup = withKey(app.publishableKey()).body(Map.of("email", email, "password", EndUsers.password()))
                .post("/api/userAuth/signup").then().statusCode(200).body("token", nullValue())
                .body("mfa.enroll", equalTo(true)).extract().jsonPath();
        assertEquals(0, database.count("select count(*) from end_user_session s join end_user u on u.id = s.user_id"
                + " where u.email = ?", email), "no session before the second factor");
        String challenge = signup.getString("mfa.challenge_token");

        // the challenge enrols, but completes nothing until a factor is confirmed
        JsonPath enrolment = withKey(app.publishableKey()).body(Map.of("challenge_token", challenge))
                .post("/api/userAuth/mfa/totp/enroll").then().statusCode(200).extract().jsonPath();
        Authenticator phone = Authenticator.scan(enrolment.getString("otpauth_url"));
        assertEquals("Bulwark", phone.issuer());
        String now = phone.now();
        verify(app, challenge, now).statusCode(400).body("error", equalTo("invalid_request"));
        withKey(app.publishableKey()).body(Map.of("challenge_token", challenge, "code", now))
                .post("/api/userAuth/mfa/totp/confirm").then().statusCode(200);
        String token = verify(app, challenge, phone.at(Instant.now(), 1)).statusCode(200).extract().path("token");
        assertEquals(List.of("pwd", "otp", "mfa"), SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("amr"));

        withUser(app.publishableKey(), token).body(Map.of("title", "mine")).post("/api/data/notes").then().statusCode(201);
        withUser(app.publishableKey(), token).post("/api/realtime/ticket").then().statusCode(200);
    }

    @Test
    void turningTheRequirementOnRefusesTokensThatDidNotPassMfa() {
        NewApplication app = NewApplication.create();
        String email = EndUsers.email();
        String password = EndUsers.password();
        String token = EndUsers.signup(app.publishableKey(), email, password).getString("token");
        ownRows(app);
        withUser(app.publishableKey(), token).body(Map.of("title", "before")).post("/api/data/notes").then().statusCode(201);

        Api.asTenantAdmin(app.tenant()).body(Map.of("mfa_required", true)).patch("/api/v1/applications/" + app.id())
                .then().statusCode(200);
        awaitRefusal(() -> withUser(app.publishableKey(), token).body(Map.of("title", "after")).post("/api/data/notes").then());
        withUser(app.publishableKey(), token).get("/api/data/notes").then().statusCode(403).body("error", equalTo("mfa_required"));
        withUser(app.publishableKey(), token).post("/api/realtime/ticket").then().statusCode(403)
                .body("error", equalTo("mfa_required"));
        withUser(app.publishableKey(), token).body(Map.of("topic", "rooms/1", "payload", Map.of("text", "hi")))
                .post("/api/realtime/publish").then().statusCode(403).body("error", equalTo("mfa_required"));
        // the account endpoints still answer it: the user can see who it is and sign out
        withUser(app.publishableKey(), token).get("/api/userAuth/me").then().statusCode(200);
        // a new sign-in must enrol
        withKey(app.publishableKey()).body(Map.of("email", email, "password", password)).post("/api/userAuth/login")
                .then().statusCode(200).body("token", nullValue()).body("mfa.enroll", equalTo(true));
    }

    @Test
    void aMailedLinkIsAFirstFactorOnly() {
        String page = "https://bulwark.example.com/auth/";
        NewApplication app = NewApplication.create(Map.of("name", "Links", "mfa_required", true,
                "auth_methods", List.of("email_password", "magic_link"), "redirect_urls", List.of(page)));
        String email = EndUsers.email();
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/magic-link").then().statusCode(202);
        String magic = Inbox.await(email, 1, Duration.ofSeconds(20)).getFirst().token();
        // the link created the user, yet answers a challenge (200) and no session
        withKey(app.publishableKey()).body(Map.of("token", magic)).post("/api/userAuth/magic-link/verify").then()
                .statusCode(200).body("token", nullValue()).body("mfa.enroll", equalTo(true));
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/password/forgot").then().statusCode(202);
        String reset = Inbox.await(email, 2, Duration.ofSeconds(20)).get(1).token();
        withKey(app.publishableKey()).body(Map.of("token", reset, "password", EndUsers.password()))
                .post("/api/userAuth/password/reset").then().statusCode(200).body("token", nullValue())
                .body("mfa.challenge_token", startsWith("mfa_"));
        assertEquals(0, database.count("select count(*) from end_user_session s join end_user u on u.id = s.user_id"
                + " where u.email = ?", email));
    }

    /** Users write their own notes with the publishable key. */
    private static void ownRows(NewApplication app) {
        Api.asTenantAdmin(app.tenant()).body(Map.of("rls_enabled", true, "read_access", "public"))
                .put("/api/v1/applications/" + app.id() + "/collections/notes").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse verify(NewApplication app, String challenge, String code) {
        return withKey(app.publishableKey()).body(Map.of("challenge_token", challenge, "code", code))
                .post("/api/userAuth/mfa/verify").then();
    }

    /** The application's settings reach every cached copy of its key within the cache's refresh. */
    private static void awaitRefusal(java.util.function.Supplier<io.restassured.response.ValidatableResponse> call) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> call.get().extract().statusCode() == 403);
        call.get().statusCode(403).body("error", equalTo("mfa_required"));
    }
}
