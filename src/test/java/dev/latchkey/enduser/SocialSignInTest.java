package dev.latchkey.enduser;

import static dev.latchkey.support.BrowserTrip.enc;
import static dev.latchkey.support.BrowserTrip.get;
import static dev.latchkey.support.BrowserTrip.query;
import static dev.latchkey.support.BrowserTrip.s256;
import static dev.latchkey.support.BrowserTrip.verifier;
import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.MintedSecrets;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.OpenIdProvider;
import dev.latchkey.support.ScriptedOpenIdProvider;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CONTRACT section 14, social sign-in with an OpenID provider on loopback (mock-oauth2-server):
 * the whole trip of redirects as a browser makes it, then the abuse cases.
 */
@QuarkusTest
class SocialSignInTest {

    private static final String PAGE = "https://app.example.com/auth/done";
    private static final String CLIENT_ID = "latchkey-client";
    private static final MockOAuth2Server PROVIDER = OpenIdProvider.shared();

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void applicationWithAProvider() {
        app = NewApplication.create(Map.of("name", "Social", "auth_methods", List.of("email_password", "oidc"),
                "redirect_urls", List.of(PAGE)));
        Api.asTenantAdmin(app.tenant()).body(Map.of("client_id", CLIENT_ID, "client_secret", MintedSecrets.remember("s3cret-" + UUID.randomUUID()),
                "issuer", PROVIDER.issuerUrl("acme").toString())).put(providers() + "/live/oidc-acme").then().statusCode(201)
                .body("client_secret", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void theWholeTripSignsInWithPkceAndTheProvidersIdToken() throws Exception {
        withKey(app.publishableKey()).body(Map.of("publishable_key", app.publishableKey())).post("/api/v1/auth/identify").then()
                .statusCode(200).body("social_providers", equalTo(List.of("oidc-acme")));
        String email = EndUsers.email();
        Trip trip = signIn("acme-user-1", Map.of("email", email, "email_verified", true), List.of(CLIENT_ID));
        assertTrue(trip.returned().startsWith(PAGE + "?latchkey_code=lkc_"), trip.returned());
        var session = exchange(trip.code(), trip.verifier()).statusCode(201).body("user.email", equalTo(email))
                .body("user.email_verified", equalTo(true)).extract().jsonPath();
        assertEquals(List.of("oidc-acme"), SignedJWT.parse(session.getString("token")).getJWTClaimsSet().getStringListClaim("amr"));
        // the code is spent; the same person signs in again to the same user
        exchange(trip.code(), trip.verifier()).statusCode(401).body("error", equalTo("invalid_token"));
        Trip again = signIn("acme-user-1", Map.of(), List.of(CLIENT_ID));
        exchange(again.code(), again.verifier()).statusCode(200).body("user.id", equalTo(session.getString("user.id")));
        // the secret is sealed at rest and never answered
        Api.asTenantAdmin(app.tenant()).get(providers()).then().statusCode(200).body("data[0].provider", equalTo("oidc-acme"))
                .body("data[0]", not(org.hamcrest.Matchers.hasKey("client_secret")));
        assertEquals(0, database.count("select count(*) from auth_provider where client_secret like 's3cret-%'"));
    }

    @Test
    void aCodeIsWorthlessWithoutThePagesVerifierAndAWrongOneSpendsIt() throws Exception {
        Trip trip = signIn("acme-user-2", Map.of(), List.of(CLIENT_ID));
        withKey(app.publishableKey()).body(Map.of("code", trip.code())).post("/api/userAuth/oauth/exchange").then().statusCode(400);
        exchange(trip.code(), verifier()).statusCode(401).body("error", equalTo("invalid_token"));
        exchange(trip.code(), trip.verifier()).statusCode(401).body("error", equalTo("invalid_token"));
        // another application's key gets nothing for a code either
        Trip other = signIn("acme-user-2", Map.of(), List.of(CLIENT_ID));
        withKey(NewApplication.create().publishableKey()).body(Map.of("code", other.code(), "code_verifier", other.verifier()))
                .post("/api/userAuth/oauth/exchange").then().statusCode(401);
    }

    @Test
    void stateIsCheckedAndSpentOnce() throws Exception {
        assertEquals(400, get(base() + "/api/userAuth/oauth/callback?state=" + verifier() + "&code=abc").statusCode());
        String verifier = verifier();
        HttpResponse<String> toProvider = get(authorizeUrl(s256(verifier)));
        String state = query(toProvider.headers().firstValue("Location").orElseThrow()).get("state");
        HttpResponse<String> refused = get(base() + "/api/userAuth/oauth/callback?state=" + state + "&error=access_denied");
        assertEquals(PAGE + "?error=access_denied", refused.headers().firstValue("Location").orElseThrow());
        assertEquals(400, get(base() + "/api/userAuth/oauth/callback?state=" + state + "&code=abc").statusCode(), "spent");
    }

    @Test
    void anIdTokenForAnotherAudienceIsRefused() throws Exception {
        Trip trip = signIn("acme-user-3", Map.of("aud", "someone-else"), List.of("someone-else"));
        assertEquals(PAGE + "?error=invalid_token", trip.returned());
    }

    @Test
    void anIdTokenWithAnotherSignInsNonceIsRefused() throws Exception {
        Trip trip = signIn("acme-user-5", Map.of("nonce", "replayed-from-another-sign-in"), List.of(CLIENT_ID));
        assertEquals(PAGE + "?error=invalid_token", trip.returned());
    }

    @Test
    void forgedOrStaleIdTokensAreRefused() throws Exception {
        try (var provider = ScriptedOpenIdProvider.start()) {
            Api.asTenantAdmin(app.tenant()).body(Map.of("client_id", CLIENT_ID, "client_secret", MintedSecrets.remember("s-" + UUID.randomUUID()),
                    "issuer", provider.issuer())).put(providers() + "/live/oidc-scripted").then().statusCode(201);
            Instant now = Instant.now();
            Function<String, JWTClaimsSet.Builder> honest = nonce -> new JWTClaimsSet.Builder().issuer(provider.issuer()).audience(CLIENT_ID)
                    .subject("scripted-user").claim("nonce", nonce).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
            // the control: a well-made token through the same provider signs in
            provider.answer(nonce -> provider.signed(honest.apply(nonce).build()));
            assertTrue(scriptedTrip().startsWith(PAGE + "?latchkey_code="));

            provider.answer(nonce -> provider.signed(honest.apply(nonce).issuer("https://evil.example.com").build()));
            assertEquals(PAGE + "?error=invalid_token", scriptedTrip(), "another issuer");
            provider.answer(nonce -> provider.signed(honest.apply(nonce).expirationTime(Date.from(now.minusSeconds(120))).build()));
            assertEquals(PAGE + "?error=invalid_token", scriptedTrip(), "expired");
            provider.answer(nonce -> new PlainJWT(honest.apply(nonce).build()).serialize());
            assertEquals(PAGE + "?error=invalid_token", scriptedTrip(), "alg none");
            provider.answer(nonce -> {
                try {
                    // HS256 keyed with the provider's public key (the classic key-confusion forgery)
                    var confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(provider.key().getKeyID()).build(),
                            honest.apply(nonce).build());
                    confused.sign(new MACSigner(provider.key().toRSAPublicKey().getEncoded()));
                    return confused.serialize();
                } catch (JOSEException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(PAGE + "?error=invalid_token", scriptedTrip(), "HS256 with the public key");
        }
    }

    @Test
    void anUnverifiedEmailDoesNotJoinAnAccount() throws Exception {
        String email = EndUsers.email();
        EndUsers.signup(app.publishableKey(), email, EndUsers.password());
        Trip trip = signIn("acme-user-4", Map.of("email", email, "email_verified", false), List.of(CLIENT_ID));
        assertEquals(PAGE + "?error=conflict", trip.returned());
    }

    @Test
    void theAuthorizeRequestIsChecked() throws Exception {
        String challenge = s256(verifier());
        assertEquals(400, get(authorizeUrl(challenge).replace(enc(PAGE), enc("https://evil.example.com/"))).statusCode());
        assertEquals(400, get(authorizeUrl("short")).statusCode());
        assertEquals(401, get(authorizeUrl(challenge).replace(app.publishableKey(), app.secretKey())).statusCode());
        assertEquals(404, get(authorizeUrl(challenge).replace("oidc-acme", "oidc-other")).statusCode());
        Api.asTenantAdmin(app.tenant()).body(Map.of("auth_methods", List.of("email_password")))
                .patch("/api/v1/applications/" + app.id()).then().statusCode(200);
        assertEquals(403, get(authorizeUrl(challenge)).statusCode());
    }

    @Test
    void providersAreCheckedWhenWritten() {
        var admin = Api.asTenantAdmin(app.tenant());
        admin.body(Map.of("client_id", "x", "client_secret", "y")).put(providers() + "/live/facebook").then().statusCode(400);
        admin.body(Map.of("client_id", "x")).put(providers() + "/live/oidc-new").then().statusCode(400);
        admin.body(Map.of("client_id", "x", "client_secret", "y", "issuer", "x")).put(providers() + "/live/github").then().statusCode(400);
        admin.body(Map.of("client_id", "x", "client_secret", "y", "issuer", "ftp://idp.example.com")).put(providers() + "/live/oidc-new")
                .then().statusCode(400);
        // replacing without a secret keeps the stored one
        admin.body(Map.of("client_id", "renamed", "issuer", PROVIDER.issuerUrl("acme").toString())).put(providers() + "/live/oidc-acme")
                .then().statusCode(200).body("client_id", equalTo("renamed"));
        admin.delete(providers() + "/live/oidc-acme").then().statusCode(204);
        admin.delete(providers() + "/live/oidc-acme").then().statusCode(404);
        withKey(app.publishableKey()).body(Map.of("publishable_key", app.publishableKey())).post("/api/v1/auth/identify").then()
                .statusCode(200).body("social_providers", not(hasItem("oidc-acme")));
    }

    /** What a browser does: to authorize, to the provider (which signs the user in at once), back to the callback. */
    private Trip signIn(String subject, Map<String, Object> claims, List<String> audience) throws Exception {
        PROVIDER.enqueueCallback(new DefaultOAuth2TokenCallback("acme", subject, "JWT", audience, claims, 3600));
        String verifier = verifier();
        HttpResponse<String> toProvider = get(authorizeUrl(s256(verifier)));
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        String atProvider = toProvider.headers().firstValue("Location").orElseThrow();
        Map<String, String> asked = query(atProvider);
        assertEquals("S256", asked.get("code_challenge_method"));
        assertFalse(asked.get("code_challenge").equals(s256(verifier)), "Latchkey's own PKCE towards the provider, not the page's");
        HttpResponse<String> back = get(atProvider);
        assertEquals(302, back.statusCode(), back.body());
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith(base() + "/api/userAuth/oauth/callback?"), callback);
        HttpResponse<String> returned = get(callback);
        assertEquals(302, returned.statusCode(), returned.body());
        String location = returned.headers().firstValue("Location").orElseThrow();
        String code = query(location).get("latchkey_code");
        return new Trip(location, code == null ? null : MintedSecrets.remember(code), verifier);
    }

    /** Where a trip through the scripted provider returns the browser to. */
    private String scriptedTrip() throws Exception {
        String atProvider = get(authorizeUrl(s256(verifier())).replace("oidc-acme", "oidc-scripted")).headers().firstValue("Location")
                .orElseThrow();
        String callback = get(atProvider).headers().firstValue("Location").orElseThrow();
        return get(callback).headers().firstValue("Location").orElseThrow();
    }

    private record Trip(String returned, String code, String verifier) {
    }

    private io.restassured.response.ValidatableResponse exchange(String code, String verifier) {
        return withKey(app.publishableKey()).body(Map.of("code", code, "code_verifier", verifier)).post("/api/userAuth/oauth/exchange")
                .then();
    }

    private String authorizeUrl(String challenge) {
        return base() + "/api/userAuth/oauth/oidc-acme/authorize?publishable_key=" + app.publishableKey() + "&redirect_to=" + enc(PAGE)
                + "&code_challenge=" + challenge;
    }

    private String providers() {
        return "/api/v1/applications/" + app.id() + "/auth-providers";
    }

    private static String base() {
        return "http://localhost:" + RestAssured.port;
    }
}
