package dev.latchkey.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client against a packaged Latchkey (CONTRACT section 18): verify with every code,
 * keys/self, access tokens checked offline and their refusals, the data API with a restricted
 * key, retries after Retry-After, and the Jakarta REST filter on Jersey, both ways.
 */
class LatchkeyTest {

    private static PackagedService service;
    private static String tenant;
    private static String appId;
    private static JsonNode app;
    private static Latchkey client;

    @BeforeAll
    static void start() throws Exception {
        service = new PackagedService();
        tenant = "java-" + System.nanoTime();
        service.admin("POST", "/api/v1/tenants", Map.of("id", tenant, "name", "Java"), null);
        app = service.admin("POST", "/api/v1/applications", Map.of("name", "Java client", "allowed_origins",
                List.of("https://app.example.com")), tenant);
        appId = app.get("id").asText();
        service.admin("PATCH", "/api/v1/applications/" + appId, Map.of("scopes", List.of("links:read", "links:write")), tenant);
        client = clientFor(app.at("/keys/live/secret_key").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
    }

    private static Latchkey clientFor(String key) {
        return Latchkey.builder().secretKey(key).baseUrl(service.url).build();
    }

    private static String newKey(Map<String, Object> fields) throws Exception {
        Map<String, Object> body = new HashMap<>(Map.of("name", "key " + System.nanoTime(), "environment", "live"));
        body.putAll(fields);
        return service.admin("POST", "/api/v1/applications/" + appId + "/keys", body, tenant).get("secret_key").asText();
    }

    @Test
    void verifyAnswersEveryCode() throws Exception {
        JsonNode revoked = service.admin("POST", "/api/v1/applications/" + appId + "/keys", Map.of("name", "revoked", "environment", "live"), tenant);
        service.admin("DELETE", "/api/v1/applications/" + appId + "/keys/" + revoked.get("id").asText(), null, tenant);
        String expiring = newKey(Map.of("expires_at", Instant.now().plusSeconds(2).toString()));
        String limited = newKey(Map.of("rate_limit", Map.of("limit", 1, "window_seconds", 60)));
        for (long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                !client.keys().verify(expiring).code().equals("EXPIRED"); Thread.sleep(100)) {
            assertTrue(System.nanoTime() < deadline, "the key expires within 10 s of its expires_at");
        }
        String publishable = app.at("/keys/live/publishable_key").asText();
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("VALID", client.keys().verify(newKey(Map.of()), Latchkey.VerifyOptions.scopes("links:read")).code());
        codes.put("INVALID", client.keys().verify("sk_live_" + "a".repeat(38)).code());
        codes.put("REVOKED", client.keys().verify(revoked.get("secret_key").asText()).code());
        codes.put("EXPIRED", client.keys().verify(expiring).code());
        codes.put("INSUFFICIENT_SCOPES", client.keys().verify(newKey(Map.of("scopes", List.of("links:read"))),
                Latchkey.VerifyOptions.scopes("links:write")).code());
        codes.put("ORIGIN_NOT_ALLOWED", client.keys().verify(publishable, new Latchkey.VerifyOptions(null, "https://evil.example.com", null, null)).code());
        codes.put("SECRET_KEY_IN_BROWSER", client.keys().verify(newKey(Map.of()),
                new Latchkey.VerifyOptions(null, "https://app.example.com", null, null)).code());
        client.keys().verify(limited);
        codes.put("RATE_LIMITED", client.keys().verify(limited).code());
        codes.put("DISABLED", client.keys().verify(newKey(Map.of("enabled", false))).code());
        codes.put("USAGE_EXCEEDED", client.keys().verify(newKey(Map.of("credits", Map.of("remaining", 0)))).code());
        codes.put("IP_NOT_ALLOWED", client.keys().verify(newKey(Map.of("ip_allowlist", List.of("203.0.113.0/24"))),
                new Latchkey.VerifyOptions(null, null, "198.51.100.7", null)).code());
        codes.forEach((expected, actual) -> assertEquals(expected, actual));
    }

    @Test
    void selfAndTheDataApiWithARestrictedKey() throws Exception {
        assertEquals(appId, client.keys().self().get("application_id").asText());
        JsonNode note = client.data().create("notes", Map.of("title", "first"));
        String id = note.get("_id").asText();
        assertEquals("second", client.data().update("notes", id, Map.of("title", "second")).get("title").asText());
        assertTrue(client.data().replace("notes", id, Map.of("body", "x")).path("title").isMissingNode());
        Latchkey reader = clientFor(newKey(Map.of("permissions", Map.of("data", "read"))));
        assertEquals(id, reader.data().list("notes", 200, null).at("/data/0/_id").asText());
        LatchkeyException refused = assertThrows(LatchkeyException.class, () -> reader.data().create("notes", Map.of("title", "no")));
        assertEquals(List.of(403, "insufficient_permissions", "data:write"), List.of(refused.status(), refused.error(), refused.requiredPermission()));
        client.data().delete("notes", id);
        assertEquals(404, assertThrows(LatchkeyException.class, () -> client.data().get("notes", id)).status());
        assertThrows(LatchkeyException.class, () -> clientFor(app.at("/keys/live/publishable_key").asText()));
    }

    @Test
    void accessTokensVerifyOfflineAndRefuseWhatIsNotTheirs() throws Exception {
        String jwks = service.url + "/.well-known/jwks.json";
        String token = client.auth().token().get("access_token").asText();
        assertEquals(appId, AccessTokens.verify(token, AccessTokens.Options.of(jwks, appId, "links:write")).get("aud").asText());
        String narrow = clientFor(newKey(Map.of("scopes", List.of("links:read")))).auth().token().get("access_token").asText();
        String testToken = clientFor(app.at("/keys/test/secret_key").asText()).auth().token().get("access_token").asText();
        String[] parts = token.split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String none = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        String tampered = parts[0] + "." + base64.encodeToString(("{\"iss\":\"latchkey\",\"aud\":\"" + appId + "\",\"env\":\"live\","
                + "\"type\":\"sk\",\"token_use\":\"access\",\"exp\":9999999999,\"scopes\":[]}").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        Map<String, Runnable> refusals = new LinkedHashMap<>();
        refusals.put("another audience", () -> AccessTokens.verify(token, AccessTokens.Options.of(jwks, UUID.randomUUID().toString())));
        refusals.put("another environment", () -> AccessTokens.verify(token, AccessTokens.Options.of(jwks, appId).environment("test")));
        refusals.put("another key type", () -> AccessTokens.verify(token, AccessTokens.Options.of(jwks, appId).keyType("pk")));
        refusals.put("a missing scope", () -> AccessTokens.verify(narrow, AccessTokens.Options.of(jwks, appId, "links:write")));
        refusals.put("a test key's token", () -> AccessTokens.verify(testToken, AccessTokens.Options.of(jwks, appId)));
        refusals.put("alg none", () -> AccessTokens.verify(none, AccessTokens.Options.of(jwks, appId)));
        refusals.put("tampered claims", () -> AccessTokens.verify(tampered, AccessTokens.Options.of(jwks, appId)));
        refusals.forEach((why, check) -> assertThrows(AccessTokens.InvalidTokenException.class, check::run, why));
    }

    @Test
    void retriesAfterRetryAfterABoundedNumberOfTimes() throws Exception {
        String limited = newKey(Map.of("rate_limit", Map.of("limit", 1, "window_seconds", 1)));
        Latchkey patient = Latchkey.builder().secretKey(limited).baseUrl(service.url).retries(3, Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        patient.keys().self();
        patient.keys().self();
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(500).toNanos(), "the second call waited for Retry-After");
        Latchkey impatient = Latchkey.builder().secretKey(limited).baseUrl(service.url).retries(0, Duration.ZERO).build();
        LatchkeyException refused = assertThrows(LatchkeyException.class, () -> {
            impatient.keys().self();
            impatient.keys().self();
        });
        assertEquals(List.of(429, "rate_limited"), List.of(refused.status(), refused.error()));
        assertNotNull(refused.retryAfterSeconds());
    }

    @Path("/links")
    public static class Links {
        @GET
        public String links(@Context ContainerRequestContext request) {
            Object seen = request.getProperty(LatchkeyFilter.PROPERTY);
            return seen instanceof Verdict verdict ? verdict.keyId() : ((JsonNode) seen).get("sub").asText();
        }
    }

    @Test
    void theFilterProtectsAJakartaRestApiBothWays() throws Exception {
        String jwks = service.url + "/.well-known/jwks.json";
        HttpServer verifying = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig(Links.class).register(LatchkeyFilter.verifying(client, "links:read")));
        HttpServer offline = JdkHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"),
                new ResourceConfig(Links.class).register(LatchkeyFilter.offline(AccessTokens.Options.of(jwks, appId, "links:read"))));
        try {
            String base = "http://127.0.0.1:" + verifying.getAddress().getPort() + "/links";
            assertEquals(200, call(base, "x-api-key", newKey(Map.of())).statusCode());
            HttpResponse<String> narrow = call(base, "x-api-key", newKey(Map.of("scopes", List.of("links:write"))));
            assertEquals(List.of(403, "{\"error\":\"INSUFFICIENT_SCOPES\"}"), List.of(narrow.statusCode(), narrow.body()));
            assertEquals(401, call(base, "x-api-key", "sk_live_" + "b".repeat(38)).statusCode());
            assertEquals(401, call(base, "x-other", "nothing").statusCode());

            String tokens = "http://127.0.0.1:" + offline.getAddress().getPort() + "/links";
            String token = client.auth().token().get("access_token").asText();
            assertEquals(200, call(tokens, "Authorization", "Bearer " + token).statusCode());
            String other = clientFor(app.at("/keys/test/secret_key").asText()).auth().token().get("access_token").asText();
            assertEquals(401, call(tokens, "Authorization", "Bearer " + other).statusCode());
        } finally {
            verifying.stop(0);
            offline.stop(0);
        }
    }

    private static HttpResponse<String> call(String url, String header, String value) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
