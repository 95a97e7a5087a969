package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Api;
import dev.latchkey.support.Authenticator;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.MintedSecrets;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.QrCamera;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 14, multi-factor: enrolment, challenged sign-ins, codes used once, recovery codes, removal. */
@QuarkusTest
class MfaTest {

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    @Test
    void aConfirmedFactorTurnsEveryPasswordSignInIntoAChallenge() throws Exception {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        assertEquals(app.json().getString("name"), phone.issuer(), "the application's name is the issuer");
        // the secret is sealed at rest, the recovery codes hashed
        assertEquals(0, database.count("select count(*) from end_user_totp t where t::text like ?",
                "%" + new org.apache.commons.codec.binary.Base32().encodeToString(phone.secret()).replace("=", "") + "%"));
        assertEquals(0, database.count("select count(*) from end_user_recovery_code r where r::text like ?",
                "%" + member.recoveryCodes.getFirst() + "%"));

        JsonPath challenged = member.login().statusCode(200).body("token", nullValue()).body("session_id", nullValue())
                .body("mfa.methods", equalTo(List.of("totp", "recovery_code"))).body("mfa.enroll", equalTo(false))
                .extract().jsonPath();
        String challenge = challenged.getString("mfa.challenge_token");
        // the code that confirmed the factor was spent by the confirmation
        verify(challenge, member.confirmingCode).statusCode(401).body("error", equalTo("invalid_credentials"));
        JsonPath session = verify(challenge, phone.at(Instant.now(), 1)).statusCode(200).extract().jsonPath();
        assertEquals(List.of("pwd", "otp", "mfa"), SignedJWT.parse(session.getString("token")).getJWTClaimsSet().getStringListClaim("amr"));
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(200);
        // a spent challenge completes nothing more
        verify(challenge, phone.at(Instant.now(), 1)).statusCode(401).body("error", equalTo("invalid_token"));

        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/users/" + member.id)
                .then().statusCode(200).body("mfa", equalTo(true));
    }

    @Test
    void aTotpCodeIsAcceptedOnceAndNeverAnOlderOne() {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        String next = phone.at(Instant.now(), 1);
        verify(member.challenge(), next).statusCode(200);
        verify(member.challenge(), next).statusCode(401).body("error", equalTo("invalid_credentials"));
        verify(member.challenge(), phone.at(Instant.now(), -1)).statusCode(401).body("error", equalTo("invalid_credentials"));
    }

    @Test
    void fiveWrongCodesEndTheChallengeEvenForTheRightSixth() {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        String challenge = member.challenge();
        String right = phone.at(Instant.now(), 1);
        String wrong = right.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            verify(challenge, wrong).statusCode(401).body("error", equalTo("invalid_credentials"));
        }
        verify(challenge, right).statusCode(401).body("error", equalTo("invalid_token"));
        // the code was not spent by the dead challenge: a new sign-in takes it
        verify(member.challenge(), right).statusCode(200);
    }

    @Test
    void aRecoveryCodeStandsInForTheAuthenticatorOnce() throws Exception {
        Member member = Member.signUp(app);
        member.enrollAndConfirm();
        String code = member.recoveryCodes.get(3).toUpperCase().replace("-", " ");
        JsonPath session = verify(member.challenge(), code).statusCode(200).extract().jsonPath();
        assertEquals(List.of("pwd", "mfa"), SignedJWT.parse(session.getString("token")).getJWTClaimsSet().getStringListClaim("amr"));
        verify(member.challenge(), member.recoveryCodes.get(3)).statusCode(401).body("error", equalTo("invalid_credentials"));
        verify(member.challenge(), member.recoveryCodes.get(4)).statusCode(200);
    }

    @Test
    void onlyASessionThatPassedMfaRemovesTheFactor() {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        // the signup's session predates the factor: it did not pass MFA
        withUser(app.publishableKey(), member.firstToken).delete("/api/userAuth/mfa/totp")
                .then().statusCode(403).body("error", equalTo("mfa_required"));
        String token = verify(member.challenge(), phone.at(Instant.now(), 1)).statusCode(200).extract().path("token");
        withUser(app.publishableKey(), token).delete("/api/userAuth/mfa/totp").then().statusCode(204);
        member.login().statusCode(200).body("mfa", nullValue()).body("token", org.hamcrest.Matchers.notNullValue());
        assertEquals(0, database.count("select count(*) from end_user_recovery_code where user_id = ?::uuid", member.id));
    }

    @Test
    void aChallengeBelongsToItsApplicationAndEnvironment() {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        String challenge = member.challenge();
        NewApplication other = NewApplication.create();
        withKey(other.publishableKey()).body(Map.of("challenge_token", challenge, "code", phone.at(Instant.now(), 1)))
                .post("/api/userAuth/mfa/verify").then().statusCode(401).body("error", equalTo("invalid_token"));
        withKey(app.json().getString("keys.test.publishable_key"))
                .body(Map.of("challenge_token", challenge, "code", phone.at(Instant.now(), 1)))
                .post("/api/userAuth/mfa/verify").then().statusCode(401).body("error", equalTo("invalid_token"));
        verify(challenge, phone.at(Instant.now(), 1)).statusCode(200);
    }

    @Test
    void aSecondEnrolmentOfAConfirmedFactorIsAConflict() {
        Member member = Member.signUp(app);
        member.enrollAndConfirm();
        withUser(app.publishableKey(), member.firstToken).post("/api/userAuth/mfa/totp/enroll")
                .then().statusCode(409).body("error", equalTo("conflict"));
        withUser(app.publishableKey(), member.firstToken).body(Map.of("code", "123456")).post("/api/userAuth/mfa/totp/confirm")
                .then().statusCode(409);
        withKey(app.publishableKey()).body(Map.of("code", "123456")).post("/api/userAuth/mfa/verify")
                .then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void racingRequestsGetOneSessionAndFiveGuessesBetweenThem() throws Exception {
        Member member = Member.signUp(app);
        Authenticator phone = member.enrollAndConfirm();
        String right = phone.at(Instant.now(), 1);
        String wrong = right.equals("000000") ? "111111" : "000000";
        List<String> rightRace = race(8, member.challenge(), right);
        assertEquals(1, rightRace.stream().filter("200"::equals).count(), "one session: " + rightRace);
        // each answer that judged a code (wrong, or past the user's budget) took one of the challenge's five attempts
        List<String> wrongRace = race(8, member.challenge(), wrong);
        assertEquals(3, wrongRace.stream().filter("401 invalid_token"::equals).count(), "past five attempts: " + wrongRace);
        assertEquals(0, wrongRace.stream().filter("200"::equals).count());
        assertEquals(5, database.count("select attempts from end_user_mfa_challenge c join end_user u on u.id = c.user_id"
                + " where u.email = ?", member.email), "five attempts taken, no more");
    }

    /** The same challenge verified from parallel threads; each answer's status and error code. */
    private List<String> race(int threads, String challenge, String code) throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    var answer = verify(challenge, code).extract();
                    return answer.statusCode() == 200 ? "200" : answer.statusCode() + " " + answer.path("error");
                }));
            }
            start.countDown();
            List<String> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    @Test
    void theUsersCodesAreCountedAcrossChallenges() {
        Member member = Member.signUp(app);
        member.enrollAndConfirm(); // two codes
        String wrong = "999999";
        for (int i = 0; i < 8; i++) {
            String challenge = member.challenge(); // a fresh challenge each time: its own five attempts do not bound this
            verify(challenge, wrong).statusCode(401).body("error", equalTo("invalid_credentials"));
        }
        verify(member.challenge(), wrong).statusCode(429).body("error", equalTo("rate_limited"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
        verify(member.challenge(), member.recoveryCodes.getFirst()).statusCode(429);
    }

    io.restassured.response.ValidatableResponse verify(String challenge, String code) {
        return withKey(app.publishableKey()).body(Map.of("challenge_token", challenge, "code", code))
                .post("/api/userAuth/mfa/verify").then();
    }

    /** An end user of the application, signed up with a password. */
    static final class Member {
        final NewApplication app;
        final String email = EndUsers.email();
        final String password = EndUsers.password();
        final String id;
        final String firstToken;
        List<String> recoveryCodes;
        String confirmingCode;

        private Member(NewApplication app) {
            this.app = app;
            JsonPath session = EndUsers.signup(app.publishableKey(), email, password);
            id = session.getString("user.id");
            firstToken = session.getString("token");
        }

        static Member signUp(NewApplication app) {
            return new Member(app);
        }

        io.restassured.response.ValidatableResponse login() {
            return withKey(app.publishableKey()).body(Map.of("email", email, "password", password))
                    .post("/api/userAuth/login").then();
        }

        String challenge() {
            return login().statusCode(200).extract().path("mfa.challenge_token");
        }

        /** Enrols with the signup's token and confirms with the current code. */
        Authenticator enrollAndConfirm() {
            JsonPath enrolment = withUser(app.publishableKey(), firstToken).post("/api/userAuth/mfa/totp/enroll")
                    .then().statusCode(200).extract().jsonPath();
            MintedSecrets.remember(enrolment.getString("secret"));
            // the phone scans the QR code the page shows
            Authenticator phone = Authenticator.scan(QrCamera.read(enrolment.getString("qr_code_svg")));
            assertEquals(enrolment.getString("otpauth_url"), QrCamera.read(enrolment.getString("qr_code_svg")));
            assertEquals(enrolment.getString("secret"), new org.apache.commons.codec.binary.Base32().encodeToString(phone.secret())
                    .replace("=", ""));
            // nothing is required before confirmation
            login().statusCode(200).body("mfa", nullValue());
            String right = phone.now();
            confirmingCode = right;
            withUser(app.publishableKey(), firstToken).body(Map.of("code", right.equals("000000") ? "111111" : "000000"))
                    .post("/api/userAuth/mfa/totp/confirm").then().statusCode(401).body("error", equalTo("invalid_credentials"));
            recoveryCodes = withUser(app.publishableKey(), firstToken).body(Map.of("code", right))
                    .post("/api/userAuth/mfa/totp/confirm").then().statusCode(200).body("recovery_codes", hasSize(10))
                    .extract().path("recovery_codes");
            assertFalse(recoveryCodes.stream().distinct().count() < 10, "ten different codes");
            recoveryCodes.forEach(MintedSecrets::remember);
            return phone;
        }
    }
}
