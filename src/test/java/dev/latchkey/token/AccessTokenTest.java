package dev.latchkey.token;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** Access tokens as a serverless function sees them: verified against the JWKS by an independent library. */
@QuarkusTest
class AccessTokenTest {

    @TestHTTPResource("/")
    URL service;

    private String base() {
        String url = service.toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Test
    void anyKeyGetsAShortLivedTokenThatVerifiesOffline() throws Exception {
        String tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        String appId = app.getString("id");
        Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of("links:read", "visitors:identify"),
                "publishable_scopes", List.of("visitors:identify"))).patch("/api/v1/applications/" + appId).then().statusCode(200);

        JsonPath answer = withKey(app.getString("keys.live.publishable_key")).post("/api/v1/auth/token").then().statusCode(200)
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900)).extract().jsonPath();
        String token = answer.getString("access_token");

        JWTClaimsSet claims = new OfflineVerification(base(), appId, "live", "pk").verify(token);
        assertEquals(List.of(appId), claims.getAudience());
        assertEquals(appId, claims.getStringClaim("application_id"));
        assertEquals(tenant, claims.getStringClaim("tenant_id"));
        assertEquals("live", claims.getStringClaim("env"));
        assertEquals("pk", claims.getStringClaim("type"));
        assertEquals(List.of("visitors:identify"), claims.getStringListClaim("scopes"));
        long lifetime = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertTrue(lifetime <= 900, "at most 15 minutes: " + lifetime);

        String secretToken = withKey(app.getString("keys.test.secret_key")).post("/api/v1/auth/token")
                .then().statusCode(200).extract().path("access_token");
        JWTClaimsSet secretClaims = new OfflineVerification(base(), appId, "test", "sk").verify(secretToken);
        assertEquals("sk", secretClaims.getStringClaim("type"));
        assertEquals("test", secretClaims.getStringClaim("env"));
        assertEquals(List.of("links:read", "visitors:identify"), secretClaims.getStringListClaim("scopes"));

        // tampering breaks the signature
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThrows(Exception.class, () -> new OfflineVerification(base(), appId, "live", "pk").verify(forged));
        // an access token opens neither the admin plane nor end-user endpoints
        given().auth().oauth2(token).get("/api/v1/applications").then().statusCode(401);
        withUser(app.getString("keys.live.publishable_key"), token).get("/api/userAuth/me").then().statusCode(401)
                .body("error", equalTo("invalid_token"));
    }

    @Test
    void aVerifierRefusesTokensOfAnotherApplicationEnvironmentOrKeyType() throws Exception {
        String tenant = Api.createTenant();
        JsonPath mine = Api.createApplication(tenant);
        JsonPath other = Api.createApplication(tenant);
        // the same scope names in both: scopes are free text, so they prove nothing about the audience
        for (JsonPath app : List.of(mine, other)) {
            Api.asTenantAdmin(tenant).body(Map.of("scopes", List.of("links:write")))
                    .patch("/api/v1/applications/" + app.getString("id")).then().statusCode(200);
        }
        OfflineVerification myApi = new OfflineVerification(base(), mine.getString("id"), "live", "sk");
        assertEquals(List.of("links:write"), myApi.verify(tokenOf(mine.getString("keys.live.secret_key"))).getStringListClaim("scopes"));

        String othersToken = tokenOf(other.getString("keys.live.secret_key"));
        String testToken = tokenOf(mine.getString("keys.test.secret_key"));
        String publishableToken = tokenOf(mine.getString("keys.live.publishable_key"));
        for (String token : List.of(othersToken, testToken, publishableToken)) {
            assertThrows(Exception.class, () -> myApi.verify(token));
        }
    }

    private static String tokenOf(String key) {
        return withKey(key).post("/api/v1/auth/token").then().statusCode(200).extract().path("access_token");
    }

    @Test
    void theJwksPublishesOnlyPublicKeys() throws Exception {
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", "public, max-age=300").extract().asString();
        JWKSet set = JWKSet.parse(jwks);
        assertEquals(1, set.getKeys().size());
        assertTrue(set.getKeys().stream().noneMatch(key -> key.isPrivate()), "no private members");
        assertEquals("sig", set.getKeys().getFirst().getKeyUse().identifier());
        assertTrue(set.getKeys().getFirst().getKeyID().length() >= 43);
    }

    @Test
    void aTokenNeedsAKey() {
        given().post("/api/v1/auth/token").then().statusCode(401).body("error", equalTo("missing_credentials"));
        withKey("sk_live_nonsense").post("/api/v1/auth/token").then().statusCode(401).body("error", equalTo("invalid_api_key"));
    }
}
