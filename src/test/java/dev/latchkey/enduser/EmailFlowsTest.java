package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.Inbox;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** CONTRACT section 13's e-mail flows, with the mails read from a real SMTP server (GreenMail) over IMAP. */
@QuarkusTest
class EmailFlowsTest {

    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);
    private static final String PAGE = "https://notes.example.com/auth/";

    @Inject
    Database database;

    private static NewApplication app(String verification, List<String> methods) {
        return NewApplication.create(Map.of("name", "Notes " + UUID.randomUUID().toString().substring(0, 4),
                "email_verification", verification, "auth_methods", methods, "redirect_urls", List.of(PAGE),
                "branding", Map.of("primary_color", "#0f766e")));
    }

    @Test
    void signupMailsAVerificationLinkInTheApplicationsColoursThatVerifiesOnce() {
        NewApplication app = app("optional", List.of("email_password"));
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath session = EndUsers.signup(app.publishableKey(), email, password);
        Inbox.Received mail = Inbox.await(email, 1, MAIL_WAIT).getFirst();
        assertTrue(mail.subject().startsWith("Confirm your e-mail for Notes"), mail.subject());
        assertTrue(mail.html().contains("#0f766e") && mail.html().contains(PAGE + "?latchkey_token="), mail.html());
        assertTrue(mail.text().contains("type=verify"), mail.text());
        assertFalse(mail.html().contains(password) || mail.text().contains(password), "a mail holds no password");
        String token = mail.token();
        assertEquals(0, database.count("select count(*) from end_user_link l where l::text like ?", "%" + token + "%"));
        assertEquals(0, database.count("select count(*) from mail_queue q where q::text like ?", "%" + token + "%"));

        withKey(app.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/email/verify").then().statusCode(200)
                .body("user.email_verified", equalTo(true));
        withKey(app.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/email/verify").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().body("user.email_verified",
                equalTo(true));
    }

    @Test
    void requiredVerificationHoldsBackTheSessionUntilTheAddressIsProven() {
        NewApplication app = app("required", List.of("email_password"));
        String email = EndUsers.email();
        String password = EndUsers.password();
        withKey(app.publishableKey()).body(Map.of("email", email, "password", password)).post("/api/userAuth/signup").then()
                .statusCode(201).body("token", nullValue()).body("user.email_verified", equalTo(false));
        login(app, email, password).statusCode(403).body("error", equalTo("email_not_verified"));
        String token = Inbox.await(email, 1, MAIL_WAIT).getFirst().token();
        withKey(app.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/email/verify").then().statusCode(200);
        login(app, email, password).statusCode(200);
    }

    @Test
    void withVerificationOffNoMailIsQueued() {
        NewApplication app = app("off", List.of("email_password"));
        EndUsers.signup(app.publishableKey());
        assertEquals(0, database.count("select count(*) from mail_queue where application_id = ?", UUID.fromString(app.id())));
    }

    @Test
    void aResetSetsTheNewPasswordEndsOtherSessionsAndWorksOnce() {
        NewApplication app = app("optional", List.of("email_password"));
        String email = EndUsers.email();
        String old = EndUsers.password();
        JsonPath before = EndUsers.signup(app.publishableKey(), email, old);
        withKey(app.publishableKey()).body(Map.of("email", email.toUpperCase(), "redirect_to", PAGE + "reset"))
                .post("/api/userAuth/password/forgot").then().statusCode(202).body("success", equalTo(true));
        Inbox.Received mail = Inbox.await(email, 2, MAIL_WAIT).stream().filter(m -> m.subject().startsWith("Reset")).findFirst()
                .orElseThrow();
        assertTrue(mail.text().contains(PAGE + "reset?latchkey_token=") && mail.text().contains("type=reset"), mail.text());
        String fresh = EndUsers.password();
        withKey(app.publishableKey()).body(Map.of("token", mail.token(), "password", fresh)).post("/api/userAuth/password/reset")
                .then().statusCode(200).body("token", org.hamcrest.Matchers.notNullValue());
        withUser(app.publishableKey(), before.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        login(app, email, old).statusCode(401);
        login(app, email, fresh).statusCode(200);
        withKey(app.publishableKey()).body(Map.of("token", mail.token(), "password", EndUsers.password()))
                .post("/api/userAuth/password/reset").then().statusCode(401).body("error", equalTo("invalid_token"));
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() {
        NewApplication app = app("optional", List.of("email_password"));
        String nobody = EndUsers.email();
        String answer = withKey(app.publishableKey()).body(Map.of("email", nobody)).post("/api/userAuth/password/forgot").then()
                .statusCode(202).extract().asString();
        String known = EndUsers.email();
        EndUsers.signup(app.publishableKey(), known, EndUsers.password());
        assertEquals(answer, withKey(app.publishableKey()).body(Map.of("email", known)).post("/api/userAuth/password/forgot")
                .then().statusCode(202).extract().asString());
        Awaitility.await().atMost(MAIL_WAIT).until(() -> database.count(
                "select count(*) from mail_queue where email = ? and dropped = 'no_recipient'", nobody) == 1);
        assertEquals(0, Inbox.of(nobody).size());
        // and in the same time: both answers only queue a row
        List<Long> knownTimes = new ArrayList<>();
        List<Long> unknownTimes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            unknownTimes.add(timeForgot(app, EndUsers.email()));
            knownTimes.add(timeForgot(app, known));
        }
        long knownMedian = median(knownTimes);
        long unknownMedian = median(unknownTimes);
        assertTrue(Math.abs(knownMedian - unknownMedian) < Math.max(20, knownMedian / 2),
                "medians " + knownMedian + " ms (account) and " + unknownMedian + " ms (none)");
    }

    @Test
    void aMagicLinkSignsInCreatingTheUserOnlyWhenAllowed() {
        NewApplication app = app("optional", List.of("magic_link"));
        String stranger = EndUsers.email();
        withKey(app.publishableKey()).body(Map.of("email", stranger, "create_user", false)).post("/api/userAuth/magic-link")
                .then().statusCode(202);
        Awaitility.await().atMost(MAIL_WAIT).until(() -> database.count(
                "select count(*) from mail_queue where email = ? and dropped = 'no_recipient'", stranger) == 1);
        String email = EndUsers.email();
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/magic-link").then().statusCode(202);
        Inbox.Received mail = Inbox.await(email, 1, MAIL_WAIT).getFirst();
        assertTrue(mail.text().contains("type=magic_link"), mail.text());
        withKey(app.publishableKey()).body(Map.of("token", mail.token())).post("/api/userAuth/magic-link/verify").then()
                .statusCode(201).body("user.email", equalTo(email)).body("user.email_verified", equalTo(true));
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/magic-link").then().statusCode(202);
        String second = Inbox.await(email, 2, MAIL_WAIT).get(1).token();
        withKey(app.publishableKey()).body(Map.of("token", second)).post("/api/userAuth/magic-link/verify").then().statusCode(200);
        // the application offers no passwords
        login(app, email, "whatever-it-is").statusCode(403).body("error", equalTo("auth_method_disabled"));
    }

    @Test
    void expiredForeignAndMalformedLinksAreRefused() throws Exception {
        NewApplication app = app("optional", List.of("email_password", "magic_link"));
        String email = EndUsers.email();
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/magic-link").then().statusCode(202);
        String token = Inbox.await(email, 1, MAIL_WAIT).getFirst().token();
        NewApplication other = app("optional", List.of("magic_link"));
        withKey(other.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/magic-link/verify").then().statusCode(401);
        // a magic link is not a reset link
        withKey(app.publishableKey()).body(Map.of("token", token, "password", EndUsers.password()))
                .post("/api/userAuth/password/reset").then().statusCode(401);
        database.execute("update end_user_link set expires_at = now() - interval '1 second' where email = ?", email);
        withKey(app.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/magic-link/verify").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
        withKey(app.publishableKey()).body(Map.of("token", "lt_short")).post("/api/userAuth/magic-link/verify").then().statusCode(401);
        withKey(app.publishableKey()).body(Map.of()).post("/api/userAuth/magic-link/verify").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("token"));
    }

    @Test
    void redirectsGoOnlyToTheApplicationsPages() {
        NewApplication app = app("optional", List.of("email_password"));
        for (String evil : List.of("https://evil.example.com/auth/", "//evil.example.com/auth/", "https://notes.example.com.evil.com/auth/",
                "https://user@notes.example.com/auth/", "https://notes.example.com\\@evil.com/auth/", "https://notes.example.com/auth/%2e%2e/admin",
                "https://notes.example.com/auth/../admin", "http://notes.example.com/auth/", "https://notes.example.com/other",
                "https://notes.example.com:8443/auth/", "javascript:alert(1)", "https://NOTES.example.com/auth/")) {
            withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", evil)).post("/api/userAuth/password/forgot")
                    .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("redirect_to"));
        }
        withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", PAGE + "deep/page?x=1"))
                .post("/api/userAuth/password/forgot").then().statusCode(202);
    }

    @Test
    void badBodiesAreClientErrorsNamingTheFieldAndQueueNothing() {
        NewApplication app = app("optional", List.of("email_password", "magic_link"));
        String pk = app.publishableKey();
        List<Object[]> cases = List.of(
                new Object[] {"/api/userAuth/password/forgot", Map.of("email", "not an address"), "email"},
                new Object[] {"/api/userAuth/password/forgot", Map.of("email", 42), "email"},
                new Object[] {"/api/userAuth/magic-link", Map.of(), "email"},
                new Object[] {"/api/userAuth/magic-link", Map.of("email", EndUsers.email(), "create_user", "yes"), "create_user"},
                new Object[] {"/api/userAuth/password/reset", Map.of("token", "lt_" + "A".repeat(43), "password", "short"), "password"},
                new Object[] {"/api/userAuth/password/reset", Map.of("password", EndUsers.password()), "token"},
                new Object[] {"/api/userAuth/email/verify", Map.of("token", List.of("lt_")), "token"});
        for (Object[] bad : cases) {
            withKey(pk).body(bad[1]).post((String) bad[0]).then().statusCode(400).body("error", equalTo("invalid_request"))
                    .body("message", org.hamcrest.Matchers.containsString((String) bad[2]));
        }
        withKey(pk).body("[]").post("/api/userAuth/password/forgot").then().statusCode(400);
        withKey(pk).post("/api/userAuth/magic-link").then().statusCode(400);
        assertEquals(0, database.count("select count(*) from mail_queue where application_id = ?", UUID.fromString(app.id())));
    }

    private static long timeForgot(NewApplication app, String email) {
        long started = System.nanoTime();
        withKey(app.publishableKey()).body(Map.of("email", email)).post("/api/userAuth/password/forgot").then().statusCode(202);
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static ValidatableResponse login(NewApplication app, String email, String password) {
        return withKey(app.publishableKey()).body(Map.of("email", email, "password", password)).post("/api/userAuth/login").then();
    }
}
