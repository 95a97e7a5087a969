package dev.latchkey;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.Authenticator;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.MintedSecrets;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other @QuarkusTest (the build sets @Order as the class orderer) and searches
 * the service's whole log output of the run for each secret key, password and token the tests
 * obtained. It first sends every kind of secret through the service itself, so that it proves as
 * much when run alone.
 */
@QuarkusTest
@Order(Integer.MAX_VALUE)
class SecretsNotLoggedTest {

    @Test
    void noMintedSecretAppearsInTheServiceLog() throws Exception {
        List<String> own = everySecretThroughTheService();
        String log = Files.readString(Path.of("target/test-service.log"));
        List<String> secrets = MintedSecrets.all();
        assertTrue(secrets.containsAll(own), "this test's own secrets were collected from its requests and answers");
        assertTrue(log.contains("/api/v1/applications"), "the log holds the run's requests (access log)");
        for (String secret : secrets) {
            assertFalse(log.contains(secret), "a secret or token of the run appears in the log");
            if (secret.startsWith("sk_") && secret.length() >= 40) {
                assertFalse(log.contains(secret.substring(8, 40)), "the random part of a secret key appears in the log");
            }
        }
    }

    /**
     * Secret keys in headers and bodies, passwords right and wrong, user, access and admin tokens;
     * answers those that the collector should have found without being told.
     */
    private static List<String> everySecretThroughTheService() throws Exception {
        NewApplication app = NewApplication.create();
        String rotated = Api.asTenantAdmin(app.tenant())
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret").then().statusCode(200)
                .extract().path("secret_key");
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(401);
        withKey(rotated).get("/api/v1/keys/self").then().statusCode(200);
        withKey(rotated).body(Map.of("key", app.secretKey())).post("/api/v1/keys/verify").then().statusCode(200);
        String accessToken = withKey(rotated).post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
        String email = EndUsers.email();
        String password = EndUsers.password();
        String userToken = EndUsers.signup(app.publishableKey(), email, password).getString("token");
        withUser(app.publishableKey(), userToken).get("/api/userAuth/me").then().statusCode(200);
        withKey(app.publishableKey()).body(Map.of("email", email, "password", EndUsers.password()))
                .post("/api/userAuth/login").then().statusCode(401);
        String loginToken = withKey(app.publishableKey()).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(200).extract().path("token");
        // a stream ticket travels in the URL, which the access log must not write out
        String ticket = withUser(app.publishableKey(), loginToken).post("/api/realtime/ticket").then().statusCode(200)
                .extract().path("ticket");
        try (SseClient stream = SseClient.open("http://127.0.0.1:" + RestAssured.port + "/api/realtime/stream?topics=x&ticket=" + ticket,
                Map.of())) {
            assertEquals(403, stream.status(), "the ticket was accepted; the application has no topic rules");
        }
        // a TOTP secret and recovery codes (remembered here: nothing marks them) and an MFA challenge
        String otpauthUrl = withUser(app.publishableKey(), loginToken).post("/api/userAuth/mfa/totp/enroll").then().statusCode(200)
                .extract().path("otpauth_url");
        MintedSecrets.remember(otpauthUrl.replaceAll(".*secret=([A-Z2-7]+).*", "$1"));
        List<String> recoveryCodes = withUser(app.publishableKey(), loginToken)
                .body(Map.of("code", Authenticator.scan(otpauthUrl).now())).post("/api/userAuth/mfa/totp/confirm")
                .then().statusCode(200).extract().path("recovery_codes");
        recoveryCodes.forEach(MintedSecrets::remember);
        String challenge = withKey(app.publishableKey()).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/login").then().statusCode(200).extract().path("mfa.challenge_token");
        withKey(app.publishableKey()).body(Map.of("challenge_token", challenge, "code", recoveryCodes.getFirst()))
                .post("/api/userAuth/mfa/verify").then().statusCode(200);
        return List.of(app.secretKey(), rotated, accessToken, userToken, loginToken, ticket, challenge);
    }
}
