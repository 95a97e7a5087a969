package dev.latchkey.token;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.UserTokenForge;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * After a signing-key rotation (the RSA key replaced by an EC one, its public key kept as a
 * previous one): the JWKS publishes both, new tokens are ES256, and tokens the old key signed
 * still verify until they expire.
 */
@QuarkusTest
@TestProfile(SigningKeyRotationTest.Rotated.class)
class SigningKeyRotationTest {

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.sign.key.location", "user-token-ec-private.pem",
                    "latchkey.token.previous-public-key-locations", "user-token-public.pem");
        }
    }

    @TestHTTPResource("/")
    URL service;

    @Test
    void bothKeysArePublishedAndBothVerify() throws Exception {
        JWKSet set = JWKSet.parse(given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString());
        assertEquals(Set.of("EC", "RSA"), set.getKeys().stream().map(key -> key.getKeyType().getValue()).collect(Collectors.toSet()));
        JWK old = set.getKeys().stream().filter(key -> key.getKeyType().getValue().equals("RSA")).findFirst().orElseThrow();

        JsonPath app = Api.createApplication(Api.createTenant());
        String pk = app.getString("keys.live.publishable_key");
        String token = withKey(pk).post("/api/v1/auth/token").then().statusCode(200)
                .extract().path("access_token");
        String base = service.toString().replaceAll("/$", "");
        assertEquals(app.getString("id"), new OfflineVerification(base, app.getString("id"), "live", "pk").verify(token).getStringClaim("application_id"));
        assertEquals("ES256", com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getAlgorithm().getName());

        // a user token issued before the rotation, signed by the old key and naming it, still works
        JsonPath session = EndUsers.signup(pk);
        String before = UserTokenForge.sign(UserTokenForge.claims(session.getString("user.id"),
                session.getString("session_id"), app.getString("id"), "live")
                .jws().keyId(old.getKeyID()).algorithm(SignatureAlgorithm.RS256));
        withUser(pk, before).get("/api/userAuth/me").then().statusCode(200);
    }
}
