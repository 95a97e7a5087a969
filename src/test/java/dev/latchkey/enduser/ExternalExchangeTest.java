package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.MintedSecrets;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.OpenIdProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 14, external tokens: JWTs of a real OpenID provider on loopback
 * (mock-oauth2-server) exchanged for sessions, and the forgeries and mismatches refused.
 */
@QuarkusTest
class ExternalExchangeTest {

    private static final String AUDIENCE = "notes-api";
    private static final MockOAuth2Server PROVIDER = OpenIdProvider.shared();

    @Inject
    Database database;

    private NewApplication app;


    @BeforeEach
    void applicationTrustingTheProvider() {
        app = NewApplication.create(Map.of("name", "BYOA", "auth_methods", List.of("email_password", "external"),
                "external_issuers", List.of(Map.of("issuer", PROVIDER.issuerUrl("byoa").toString(),
                        "jwks_url", PROVIDER.jwksUrl("byoa").toString(), "audience", AUDIENCE))));
    }

    @Test
    void theFirstExchangeCreatesTheUserAndLaterOnesSignItIn() throws Exception {
        String subject = "auth0|" + System.nanoTime();
        String email = EndUsers.email();
        var first = exchange(token("byoa", subject, AUDIENCE, Map.of("email", email.toUpperCase(), "email_verified", true), 3600))
                .statusCode(201).body("user.email", equalTo(email)).body("user.email_verified", equalTo(true))
                .extract().jsonPath();
        assertEquals(List.of("external"), SignedJWT.parse(first.getString("token")).getJWTClaimsSet().getStringListClaim("amr"));
        withUser(app.publishableKey(), first.getString("token")).get("/api/userAuth/me").then().statusCode(200);
        String again = exchange(token("byoa", subject, AUDIENCE, Map.of(), 3600)).statusCode(200).extract().path("user.id");
        assertEquals(first.getString("user.id"), again);
        Api.asTenantAdmin(app.tenant()).get("/api/v1/applications/" + app.id() + "/users/" + again).then().statusCode(200)
                .body("external_id", equalTo(subject)).body("methods", equalTo(List.of("external")));
    }

    @Test
    void aTokenWithoutAnEmailMakesAUserWithout() {
        exchange(token("byoa", "firebase-anon-" + System.nanoTime(), AUDIENCE, Map.of(), 3600)).statusCode(201)
                .body("user.email", nullValue()).body("user.email_verified", equalTo(false));
    }

    @Test
    void anExistingAccountIsJoinedOnlyWhenBothSidesVerifiedTheEmail() throws Exception {
        String email = EndUsers.email();
        String userId = EndUsers.signup(app.publishableKey(), email, EndUsers.password()).getString("user.id");
        // the account's own address is not verified yet: whoever made it may not be its owner
        exchange(token("byoa", "verified-" + System.nanoTime(), AUDIENCE, Map.of("email", email, "email_verified", true), 3600))
                .statusCode(409).body("error", equalTo("conflict"));
        database.execute("update end_user set email_verified = true where id = ?::uuid", userId);
        exchange(token("byoa", "unverified-" + System.nanoTime(), AUDIENCE, Map.of("email", email, "email_verified", false), 3600))
                .statusCode(409).body("error", equalTo("conflict"));
        exchange(token("byoa", "verified-" + System.nanoTime(), AUDIENCE, Map.of("email", email, "email_verified", "true"), 3600))
                .statusCode(200).body("user.id", equalTo(userId));
    }

    @Test
    void anAddressTheIssuerDidNotVerifyIsNotKept() {
        String email = EndUsers.email();
        exchange(token("byoa", "claims-" + System.nanoTime(), AUDIENCE, Map.of("email", email, "email_verified", false), 3600))
                .statusCode(201).body("user.email", nullValue());
        // so the address's owner signs up as usual, and no mailed link of theirs opens the token holder's account
        EndUsers.signup(app.publishableKey(), email, EndUsers.password());
    }

    @Test
    void theVerifiedFlagSpeaksOnlyOfTheEmailClaim() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("external_issuers", List.of(Map.of("issuer", PROVIDER.issuerUrl("byoa").toString(),
                "jwks_url", PROVIDER.jwksUrl("byoa").toString(), "audience", AUDIENCE, "email_claim", "contact"))))
                .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
        String email = EndUsers.email();
        exchange(token("byoa", "custom-" + System.nanoTime(), AUDIENCE, Map.of("contact", email, "email_verified", true), 3600))
                .statusCode(201).body("user.email", nullValue());
    }

    @Test
    void anExchangeIsAFirstFactorWhereMfaIsRequired() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("mfa_required", true)).patch("/api/v1/applications/" + app.id())
                .then().statusCode(200);
        exchange(token("byoa", "mfa-" + System.nanoTime(), AUDIENCE, Map.of(), 3600)).statusCode(200)
                .body("token", nullValue()).body("mfa.enroll", equalTo(true));
    }

    @Test
    void mismatchesAndForgeriesAreRefused() throws Exception {
        String subject = "sub-" + System.nanoTime();
        refused(token("byoa", subject, "someone-else", Map.of(), 3600), "aud");
        refused(token("unconfigured", subject, AUDIENCE, Map.of(), 3600), "external_issuers");
        refused(token("byoa", subject, AUDIENCE, Map.of(), -120), "expired");
        refused("not.a.jwt", "not a JWT");
        // alg none, with the claims a real token would carry
        SignedJWT real = PROVIDER.issueToken("byoa", subject, AUDIENCE, Map.of(), 3600);
        String[] parts = real.serialize().split("\\.");
        String unsigned = base64("{\"alg\":\"none\"}") + "." + parts[1] + ".";
        refused(unsigned, "signature or algorithm");
        // HS256 keyed with the issuer's public key (the classic key-confusion forgery)
        RSAKey published = (RSAKey) JWKSet.load(PROVIDER.jwksUrl("byoa").url()).getKeys().getFirst();
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                real.getJWTClaimsSet());
        confused.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
        refused(MintedSecrets.remember(confused.serialize()), "signature or algorithm");
        // a token whose signature was made by another issuer's key
        String otherSignature = PROVIDER.issueToken("elsewhere", subject, AUDIENCE, Map.of(), 3600).serialize().split("\\.")[2];
        String transplanted = parts[0] + "." + parts[1] + "." + otherSignature;
        refused(transplanted, "signature or algorithm");
        // a token not yet valid
        refused(token("byoa", subject, AUDIENCE, Map.of("nbf", System.currentTimeMillis() / 1000 + 600), 3600), "not valid yet");
    }

    @Test
    void theMethodMustBeOffered() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("auth_methods", List.of("email_password")))
                .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
        exchange(token("byoa", "s", AUDIENCE, Map.of(), 3600)).statusCode(403).body("error", equalTo("auth_method_disabled"));
    }

    @Test
    void issuersAreCheckedWhenWritten() {
        var admin = Api.asTenantAdmin(app.tenant());
        admin.body(Map.of("external_issuers", List.of(Map.of("issuer", "https://a.example.com", "jwks_url", "ftp://a.example.com/jwks",
                "audience", "x")))).patch("/api/v1/applications/" + app.id()).then().statusCode(400)
                .body("message", containsString("external_issuers[0].jwks_url"));
        Map<String, String> one = Map.of("issuer", "https://a.example.com", "jwks_url", PROVIDER.jwksUrl("a").toString(), "audience", "x");
        admin.body(Map.of("external_issuers", List.of(one, one))).patch("/api/v1/applications/" + app.id()).then().statusCode(400)
                .body("message", containsString("listed twice"));
        admin.body(Map.of("external_issuers", java.util.Collections.nCopies(6, one))).patch("/api/v1/applications/" + app.id())
                .then().statusCode(400);
        admin.get("/api/v1/applications/" + app.id()).then().statusCode(200)
                .body("external_issuers[0].user_id_claim", equalTo("sub")).body("external_issuers[0].email_claim", equalTo("email"));
    }

    @Test
    void anotherUserIdClaimNamesTheUser() {
        Api.asTenantAdmin(app.tenant()).body(Map.of("external_issuers", List.of(Map.of("issuer", PROVIDER.issuerUrl("byoa").toString(),
                "jwks_url", PROVIDER.jwksUrl("byoa").toString(), "audience", AUDIENCE, "user_id_claim", "uid"))))
                .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
        String first = exchange(token("byoa", "sub-a", AUDIENCE, Map.of("uid", "same-person"), 3600)).statusCode(201)
                .extract().path("user.id");
        String second = exchange(token("byoa", "sub-b", AUDIENCE, Map.of("uid", "same-person"), 3600)).statusCode(200)
                .extract().path("user.id");
        assertEquals(first, second);
        assertNotEquals(null, first);
        refused(token("byoa", "sub-c", AUDIENCE, Map.of(), 3600), "user id claim");
    }

    private String token(String issuerId, String subject, String audience, Map<String, Object> claims, long expiry) {
        return MintedSecrets.remember(PROVIDER.issueToken(issuerId, subject, audience, claims, expiry).serialize());
    }

    private ValidatableResponse exchange(String token) {
        return withKey(app.publishableKey()).body(Map.of("token", token)).post("/api/userAuth/exchange").then();
    }

    private void refused(String token, String why) {
        exchange(token).statusCode(401).body("error", equalTo("invalid_token")).body("message", containsString(why));
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
