package dev.latchkey.hosted;

import static dev.latchkey.support.EndUsers.withKey;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With a configured public URL, mailed links may return to the hosted page of their own application, and only there. */
@QuarkusTest
@TestProfile(HostedReturnAddressTest.PublicUrl.class)
class HostedReturnAddressTest {

    static final String PUBLIC_URL = "https://keys.example.com";

    public static class PublicUrl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.public-url", PUBLIC_URL + "/");
        }
    }

    @Test
    void aMagicLinkMayReturnToItsApplicationsHostedPage() {
        NewApplication app = NewApplication.create(Map.of("name", "Notes", "auth_methods", List.of("email_password", "magic_link")));
        NewApplication other = NewApplication.create();
        withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", PUBLIC_URL + "/auth/" + app.id() + "/live/sign-in"))
                .post("/api/userAuth/magic-link").then().statusCode(202);
        withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", PUBLIC_URL + "/auth/" + app.id() + "/test/sign-in"))
                .post("/api/userAuth/magic-link").then().statusCode(400);
        withKey(app.publishableKey()).body(Map.of("email", EndUsers.email(), "redirect_to", PUBLIC_URL + "/auth/" + other.id() + "/live/sign-in"))
                .post("/api/userAuth/magic-link").then().statusCode(400);
    }
}
