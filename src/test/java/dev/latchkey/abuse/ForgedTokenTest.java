package dev.latchkey.abuse;

import static dev.latchkey.support.ContractAnswers.assertRefused;
import static io.restassured.RestAssured.given;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.UserTokenForge;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OWASP API2 (broken authentication): the classic JWT forgeries against both kinds of token the
 * service accepts, admin tokens and end-user tokens. Each claim set is otherwise valid, so only
 * the forgery can be the reason for the 401. The service's own access tokens open neither plane.
 */
@QuarkusTest
class ForgedTokenTest {

    private NewApplication own;
    private JsonPath user;

    @BeforeEach
    void application() {
        own = NewApplication.create();
        user = EndUsers.signup(own.publishableKey());
    }

    private JWTClaimsSet adminClaims(String issuer, Instant expiry) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("mallory").claim("upn", "mallory")
                .claim("groups", List.of("tenant-admin")).claim("tenant_id", own.tenant())
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expiry)).build();
    }

    private JWTClaimsSet userClaims() {
        return new JWTClaimsSet.Builder().issuer(UserTokenForge.ISSUER).subject(user.getString("user.id")).audience(own.id())
                .claim("env", "live").claim("token_use", "user").claim("sid", user.getString("session_id")).issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    }

    /** The forgeries, each made from claims the service would otherwise accept. */
    private List<Map.Entry<String, String>> forgeries(JWTClaimsSet claims, String publicKeyPem) throws Exception {
        byte[] pemText = Files.readAllBytes(Path.of("src/test/resources", publicKeyPem));
        byte[] der = Base64.getMimeDecoder().decode(new String(pemText, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", ""));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var attacker = generator.generateKeyPair();
        RSAKey attackerJwk = new RSAKey.Builder((RSAPublicKey) attacker.getPublic()).keyID(UUID.randomUUID().toString()).build();
        return List.of(
                Map.entry("alg none", unsigned(claims)),
                Map.entry("HS256 keyed with the public key's PEM text", hmac(claims, pemText)),
                Map.entry("HS256 keyed with the public key's DER bytes", hmac(claims, der)),
                Map.entry("signed by the attacker, who ships the key in the jwk header", signed(claims, attacker.getPrivate(),
                        new JWSHeader.Builder(JWSAlgorithm.RS256).jwk(attackerJwk).build())),
                Map.entry("signed by the attacker, who points jku at his key set", signed(claims, attacker.getPrivate(),
                        new JWSHeader.Builder(JWSAlgorithm.RS256).jwkURL(URI.create("http://127.0.0.1:9/jwks.json")).build())));
    }

    @Test
    void forgedAdminTokensAreInvalid() throws Exception {
        List<Map.Entry<String, String>> attempts = new ArrayList<>(
                forgeries(adminClaims(AdminTokens.ISSUER, Instant.now().plusSeconds(600)), "admin-public.pem"));
        attempts.add(Map.entry("well signed, another issuer", AdminTokens.sign(AdminTokens.claims("mallory")
                .issuer("https://evil.example").groups("tenant-admin").claim("tenant_id", own.tenant()))));
        attempts.add(Map.entry("well signed, expired", AdminTokens.expiredTenantAdmin(own.tenant())));
        attempts.add(Map.entry("an end user's token", user.getString("token")));
        attempts.add(Map.entry("the service's own access token", accessToken()));
        for (var attempt : attempts) {
            assertRefused(given().auth().oauth2(attempt.getValue()).get("/api/v1/applications"),
                    401, "invalid_token", "admin token: " + attempt.getKey());
        }
        Api.asTenantAdmin(own.tenant()).get("/api/v1/applications").then().statusCode(200);
    }

    @Test
    void forgedUserTokensAreInvalid() throws Exception {
        List<Map.Entry<String, String>> attempts = new ArrayList<>(forgeries(userClaims(), "user-token-public.pem"));
        attempts.add(Map.entry("an admin token", AdminTokens.tenantAdmin(own.tenant())));
        attempts.add(Map.entry("the service's own access token", accessToken()));
        for (var attempt : attempts) {
            assertRefused(EndUsers.withUser(own.publishableKey(), attempt.getValue()).get("/api/userAuth/me"),
                    401, "invalid_token", "user token: " + attempt.getKey());
        }
        EndUsers.withUser(own.publishableKey(), user.getString("token")).get("/api/userAuth/me").then().statusCode(200);
    }

    private String accessToken() {
        return EndUsers.withKey(own.publishableKey()).post("/api/v1/auth/token").then().statusCode(200)
                .extract().path("access_token");
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static String hmac(JWTClaimsSet claims, byte[] secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }

    private static String signed(JWTClaimsSet claims, PrivateKey key, JWSHeader header) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new RSASSASigner((RSAPrivateKey) key));
        return jwt.serialize();
    }
}
