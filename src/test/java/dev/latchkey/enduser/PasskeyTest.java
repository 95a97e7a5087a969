package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SoftwarePasskey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 14, passkeys: registration and sign-in ceremonies checked by webauthn4j, and what they refuse. */
@QuarkusTest
class PasskeyTest {

    static final String PAGE = "https://notes.example.com";

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create(Map.of("name", "Notes", "auth_methods", List.of("email_password", "passkey"),
                "allowed_origins", List.of(PAGE, "https://other.example.com")));
    }

    @Test
    void aRegisteredPasskeySignsItsUserInAsMultiFactor() throws Exception {
        var signup = EndUsers.signup(app.publishableKey());
        String token = signup.getString("token");
        Map<String, Object> options = registrationOptions(token).statusCode(200)
                .body("rp.id", equalTo("notes.example.com")).body("rp.name", equalTo("Notes"))
                .body("user.name", equalTo(signup.getString("user.email")))
                .body("authenticatorSelection.residentKey", equalTo("required"))
                .body("authenticatorSelection.userVerification", equalTo("required"))
                .body("pubKeyCredParams.alg", equalTo(List.of(-7, -8, -257))).body("excludeCredentials", hasSize(0))
                .extract().jsonPath().getMap("");
        var passkey = new SoftwarePasskey();
        register(token, passkey.create(options, PAGE), "Laptop").statusCode(201).body("name", equalTo("Laptop"))
                .body("id", notNullValue()).body("last_used_at", equalTo(null));
        // a second registration excludes the first
        registrationOptions(token).statusCode(200).body("excludeCredentials[0].id", equalTo(passkey.credentialId()));

        var session = signIn(passkey.get(signInOptions(), PAGE)).statusCode(200).body("user.id", equalTo(signup.getString("user.id")))
                .extract().jsonPath();
        assertEquals(List.of("passkey", "mfa"), SignedJWT.parse(session.getString("token")).getJWTClaimsSet().getStringListClaim("amr"));
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(200);
        withUser(app.publishableKey(), token).get("/api/userAuth/passkeys").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].name", equalTo("Laptop")).body("data[0].last_used_at", notNullValue());
        // stored: a public key, never anything that signs
        assertEquals(1, database.count("select count(*) from end_user_passkey where user_id = cast(? as uuid) and sign_count = 1",
                signup.getString("user.id")));
    }

    @Test
    void anAnswerSignsInOnceAndAClonedAuthenticatorNever() {
        String token = EndUsers.signup(app.publishableKey()).getString("token");
        var passkey = registered(token);
        Map<String, Object> answer = passkey.get(signInOptions(), PAGE);
        signIn(answer).statusCode(200);
        signIn(answer).statusCode(401).body("error", equalTo("invalid_token"));
        // a copy of the authenticator, whose counter went back
        passkey.counter(0);
        signIn(passkey.get(signInOptions(), PAGE)).statusCode(401).body("error", equalTo("invalid_credentials"));
    }

    @Test
    void aCeremonyIsBoundToThePageItWasOpenedFor() {
        String token = EndUsers.signup(app.publishableKey()).getString("token");
        var passkey = registered(token);
        // another allowed page of the application is another relying party
        Map<String, Object> otherOptions = withKey(app.publishableKey()).header("Origin", "https://other.example.com")
                .post("/api/userAuth/passkeys/login/options").then().statusCode(200).body("rpId", equalTo("other.example.com"))
                .extract().jsonPath().getMap("");
        signIn(passkey.get(otherOptions, "https://other.example.com")).statusCode(401).body("error", equalTo("invalid_credentials"));
        // an answer made on a phishing page for the real options
        signIn(passkey.get(signInOptions(), "https://notes-example.com")).statusCode(401).body("error", equalTo("invalid_credentials"));
        var registration = registrationOptions(token).extract().jsonPath().<String, Object>getMap("");
        register(token, new SoftwarePasskey().create(registration, "https://notes-example.com"), null).statusCode(400)
                .body("error", equalTo("invalid_request"));
    }

    @Test
    void registrationNeedsItsOwnUserAPageAndTheMethod() {
        String alice = EndUsers.signup(app.publishableKey()).getString("token");
        String mallory = EndUsers.signup(app.publishableKey()).getString("token");
        var options = registrationOptions(alice).extract().jsonPath().<String, Object>getMap("");
        register(mallory, new SoftwarePasskey().create(options, PAGE), null).statusCode(401).body("error", equalTo("invalid_token"));
        withUser(app.publishableKey(), alice).post("/api/userAuth/passkeys/register/options").then().statusCode(400)
                .body("error", equalTo("invalid_request"));
        withUser(app.publishableKey(), alice).header("Origin", "https://evil.example.com").post("/api/userAuth/passkeys/register/options")
                .then().statusCode(403);
        withKey(app.publishableKey()).header("Origin", PAGE).post("/api/userAuth/passkeys/register/options").then().statusCode(401);
        withKey(app.publishableKey()).header("Origin", PAGE).body(Map.of("credential", "not an object"))
                .post("/api/userAuth/passkeys/login").then().statusCode(400).body("error", equalTo("invalid_request"));
        withKey(app.publishableKey()).header("Origin", PAGE).body(Map.of("credential", Map.of("id", "x", "response", Map.of())))
                .post("/api/userAuth/passkeys/login").then().statusCode(400).body("error", equalTo("invalid_request"));

        var passwordsOnly = NewApplication.create(Map.of("name", "Plain", "allowed_origins", List.of(PAGE)));
        String token = EndUsers.signup(passwordsOnly.publishableKey()).getString("token");
        withUser(passwordsOnly.publishableKey(), token).header("Origin", PAGE).post("/api/userAuth/passkeys/register/options").then()
                .statusCode(403).body("error", equalTo("auth_method_disabled"));
    }

    @Test
    void aRemovedPasskeySignsNoOneIn() {
        String token = EndUsers.signup(app.publishableKey()).getString("token");
        var passkey = registered(token);
        String id = withUser(app.publishableKey(), token).get("/api/userAuth/passkeys").then().extract().path("data[0].id");
        String stranger = EndUsers.signup(app.publishableKey()).getString("token");
        withUser(app.publishableKey(), stranger).delete("/api/userAuth/passkeys/" + id).then().statusCode(404);
        withUser(app.publishableKey(), token).delete("/api/userAuth/passkeys/" + id).then().statusCode(204);
        withUser(app.publishableKey(), token).delete("/api/userAuth/passkeys/" + id).then().statusCode(404);
        signIn(passkey.get(signInOptions(), PAGE)).statusCode(401).body("error", equalTo("invalid_credentials"));
    }

    private SoftwarePasskey registered(String token) {
        var passkey = new SoftwarePasskey();
        register(token, passkey.create(registrationOptions(token).extract().jsonPath().getMap(""), PAGE), null).statusCode(201);
        return passkey;
    }

    private ValidatableResponse registrationOptions(String token) {
        return withUser(app.publishableKey(), token).header("Origin", PAGE).post("/api/userAuth/passkeys/register/options").then();
    }

    private ValidatableResponse register(String token, Map<String, Object> credential, String name) {
        Map<String, Object> body = name == null ? Map.of("credential", credential) : Map.of("credential", credential, "name", name);
        return withUser(app.publishableKey(), token).header("Origin", PAGE).body(body).post("/api/userAuth/passkeys/register").then();
    }

    private Map<String, Object> signInOptions() {
        return withKey(app.publishableKey()).header("Origin", PAGE).post("/api/userAuth/passkeys/login/options").then().statusCode(200)
                .body("rpId", equalTo("notes.example.com")).body("allowCredentials", hasSize(0)).extract().jsonPath().getMap("");
    }

    private ValidatableResponse signIn(Map<String, Object> credential) {
        return withKey(app.publishableKey()).header("Origin", PAGE).body(Map.of("credential", credential))
                .post("/api/userAuth/passkeys/login").then();
    }
}
