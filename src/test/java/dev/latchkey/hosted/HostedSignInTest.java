package dev.latchkey.hosted;

import static dev.latchkey.support.BrowserTrip.query;
import static dev.latchkey.support.BrowserTrip.s256;
import static dev.latchkey.support.BrowserTrip.verifier;
import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 15, the hosted sign-in page: served for an application's return addresses, and its hand-back with PKCE. */
@QuarkusTest
class HostedSignInTest {

    private static final String PAGE = "https://notes.example.com/signed-in";

    private NewApplication app;

    @BeforeEach
    void application() {
        app = NewApplication.create(Map.of("name", "Notes <b>& Co</b>", "redirect_urls", List.of(PAGE),
                "auth_methods", List.of("email_password", "magic_link")));
    }

    @Test
    void thePageCarriesTheComponentAndThePublishableKeyOnly() {
        String challenge = s256(verifier());
        page(app.id(), "live", PAGE, challenge).statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .body(containsString("<latchkey-sign-in publishable-key=\"" + app.publishableKey() + "\">"))
                .body(containsString("Sign in to Notes &lt;b&gt;&amp; Co&lt;/b&gt;")).body(not(containsString(app.secretKey())));
        page(app.id(), "test", PAGE, challenge).statusCode(200).body(containsString("pk_test_"));
        page(app.id(), "live", "https://evil.example.com/", challenge).statusCode(400).body("error", equalTo("invalid_request"));
        page(app.id(), "live", PAGE, "short").statusCode(400);
        page(app.id(), "staging", PAGE, challenge).statusCode(404);
        page("6b1d4c1e-0000-4000-8000-000000000000", "live", PAGE, challenge).statusCode(404);
        // the page's scripts, served as they are; never the server entry points
        given().get("/auth/client/components.js").then().statusCode(200).body(containsString("latchkey-sign-in"))
                .header("Access-Control-Allow-Origin", "*"); // a module another origin's page may load
        given().get("/auth/hosted.js").then().statusCode(200);
        given().get("/auth/client/server.js").then().statusCode(404);
    }

    @Test
    void aSignInOnTheHostedPageGoesBackOnceAsACodeForThePagesVerifier() throws Exception {
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(app.publishableKey(), email, password);
        // the hosted page calls from Latchkey's own origin, which the application does not list
        String hosted = withKey(app.publishableKey()).header("Origin", own()).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(200).extract().path("token");
        withKey(app.publishableKey()).header("Origin", "https://elsewhere.example.com").body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(403);

        String verifier = verifier();
        String back = handBack(hosted, PAGE, s256(verifier)).statusCode(200).body("redirect_url", startsWith(PAGE + "?latchkey_code="))
                .extract().path("redirect_url");
        // the hosted page's session ended with the hand-back: once only
        withUser(app.publishableKey(), hosted).get("/api/userAuth/me").then().statusCode(401);
        handBack(hosted, PAGE, s256(verifier())).statusCode(401);

        String code = query(back).get("latchkey_code");
        exchange(code, verifier()).statusCode(401).body("error", equalTo("invalid_token"));
        String token = exchange(handBackCode(email, password, verifier), verifier).statusCode(200).extract().path("token");
        assertEquals(List.of("pwd"), SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("amr"));
        withUser(app.publishableKey(), token).get("/api/userAuth/me").then().statusCode(200).body("user.email", equalTo(email));
    }

    @Test
    void theHandBackGoesOnlyToTheApplicationsPages() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        String token = EndUsers.signup(app.publishableKey(), email, password).getString("token");
        handBack(token, "https://evil.example.com/", s256(verifier())).statusCode(400);
        handBack(token, PAGE, "not-a-challenge").statusCode(400);
        withKey(app.publishableKey()).body(Map.of("redirect_to", PAGE, "code_challenge", s256(verifier())))
                .post("/api/userAuth/hosted/code").then().statusCode(401);
    }

    @Test
    void aMailedLinkNeverReturnsToAHostTheRequestNamed() {
        // without a configured public URL, the hosted page's address would come from the sender's Host header
        withKey(app.publishableKey()).header("Host", "evil.example.com")
                .body(Map.of("email", EndUsers.email(), "redirect_to", "http://evil.example.com/auth/" + app.id() + "/live/sign-in"))
                .post("/api/userAuth/magic-link").then().statusCode(400);
        withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", own() + "/auth/" + app.id() + "/live/sign-in"))
                .post("/api/userAuth/magic-link").then().statusCode(400);
    }

    @Test
    void theReturnTripWithoutItsParametersServesThePage() {
        given().get("/auth/" + app.id() + "/live/sign-in").then().statusCode(200).body(containsString(app.publishableKey()));
        given().queryParam("redirect_to", PAGE).get("/auth/" + app.id() + "/live/sign-in").then().statusCode(400);
    }

    /** A sign-in on the hosted page, handed back: the code. */
    private String handBackCode(String email, String password, String verifier) {
        String token = withKey(app.publishableKey()).header("Origin", own()).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(200).extract().path("token");
        return query(handBack(token, PAGE, s256(verifier)).statusCode(200).extract().path("redirect_url")).get("latchkey_code");
    }

    private ValidatableResponse handBack(String token, String redirectTo, String challenge) {
        return withUser(app.publishableKey(), token).header("Origin", own()).body(Map.of("redirect_to", redirectTo, "code_challenge", challenge))
                .post("/api/userAuth/hosted/code").then();
    }

    private ValidatableResponse exchange(String code, String verifier) {
        return withKey(app.publishableKey()).body(Map.of("code", code, "code_verifier", verifier)).post("/api/userAuth/oauth/exchange").then();
    }

    private static ValidatableResponse page(String applicationId, String environment, String redirectTo, String challenge) {
        return given().queryParam("redirect_to", redirectTo).queryParam("code_challenge", challenge)
                .get("/auth/" + applicationId + "/" + environment + "/sign-in").then();
    }

    private static String own() {
        return "http://localhost:" + RestAssured.port;
    }
}
