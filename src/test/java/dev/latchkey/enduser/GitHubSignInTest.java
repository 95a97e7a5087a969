package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.common.Digests;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.FakeGitHub;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 14, the {@code github} provider against a GitHub-shaped server on loopback
 * ({@link FakeGitHub}): OAuth 2 with PKCE, the user from {@code /user}, its verified primary
 * e-mail from {@code /user/emails}.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeGitHub.class, restrictToAnnotatedClass = true)
class GitHubSignInTest {

    private static final String PAGE = "http://localhost:5173/";
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private NewApplication app;

    @BeforeEach
    void applicationWithGitHub() {
        app = NewApplication.create(Map.of("name", "Octo", "auth_methods", List.of("github"), "redirect_urls", List.of(PAGE)));
        Api.asTenantAdmin(app.tenant()).body(Map.of("client_id", "Iv1.octo", "client_secret", FakeGitHub.CLIENT_SECRET))
                .put("/api/v1/applications/" + app.id() + "/auth-providers/live/github").then().statusCode(201)
                .body("scopes", equalTo(List.of("read:user", "user:email")));
    }

    @Test
    void aVerifiedPrimaryEmailIsKeptAndTheUserSignsInAgain() throws Exception {
        String email = EndUsers.email();
        long id = System.nanoTime();
        String user = "{\"user\": {\"id\": " + id + ", \"login\": \"octo\"}, \"emails\": [{\"email\": \"old@example.com\","
                + " \"primary\": false, \"verified\": true}, {\"email\": \"" + email + "\", \"primary\": true, \"verified\": true}]}";
        String[] trip = signIn(user);
        String userId = exchange(trip).statusCode(201).body("user.email", equalTo(email)).body("user.email_verified", equalTo(true))
                .extract().path("user.id");
        exchange(signIn(user)).statusCode(200).body("user.id", equalTo(userId));
    }

    @Test
    void anUnverifiedPrimaryEmailIsNotKept() throws Exception {
        String user = "{\"user\": {\"id\": " + System.nanoTime() + "}, \"emails\": [{\"email\": \"" + EndUsers.email()
                + "\", \"primary\": true, \"verified\": false}]}";
        exchange(signIn(user)).statusCode(201).body("user.email", nullValue());
    }

    /** Queues the user at the fake, then follows the redirects as a browser: the page's code and verifier. */
    private String[] signIn(String user) throws Exception {
        BROWSER.send(HttpRequest.newBuilder(FakeGitHub.base().resolve("/test/next-user")).POST(HttpRequest.BodyPublishers.ofString(user))
                .build(), HttpResponse.BodyHandlers.discarding());
        String verifier = UUID.randomUUID() + "." + UUID.randomUUID();
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(verifier));
        String location = "http://localhost:" + RestAssured.port + "/api/userAuth/oauth/github/authorize?publishable_key="
                + app.publishableKey() + "&redirect_to=" + PAGE + "&code_challenge=" + challenge;
        for (int hop = 0; hop < 3; hop++) {
            HttpResponse<String> answer = BROWSER.send(HttpRequest.newBuilder(URI.create(location)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, answer.statusCode(), answer.body());
            location = answer.headers().firstValue("Location").orElseThrow();
        }
        assertTrue(location.startsWith(PAGE + "?latchkey_code="), location);
        return new String[] {URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8), verifier};
    }

    private io.restassured.response.ValidatableResponse exchange(String[] trip) {
        return withKey(app.publishableKey()).body(Map.of("code", trip[0], "code_verifier", trip[1]))
                .post("/api/userAuth/oauth/exchange").then();
    }
}
