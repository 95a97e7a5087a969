package dev.latchkey.leak;

import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GitHub's secret-scanning partner program, in GitHub's format: a public-keys document served on
 * loopback, requests signed here with our own P-256 keys (base64 DER ECDSA over the raw body).
 */
@QuarkusTest
@TestProfile(GitHubSecretScanningTest.KeysOnLoopback.class)
class GitHubSecretScanningTest {

    private static final String PORT_PROPERTY = "latchkey.test.github-keys-port";
    private static final String PATH = "/meta/public_keys/secret_scanning";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, KeyPair> PUBLISHED = new ConcurrentHashMap<>();
    private static final AtomicInteger FETCHES = new AtomicInteger();
    private static HttpServer server;

    /** The keys document's address, on a port chosen before the service starts (it fetches on first use). */
    public static class KeysOnLoopback implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // asked more than once: the port is chosen the first time
            if (System.getProperty(PORT_PROPERTY) == null) {
                try (ServerSocket free = new ServerSocket(0)) {
                    System.setProperty(PORT_PROPERTY, String.valueOf(free.getLocalPort()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Map.of("latchkey.github.public-keys-url", "http://127.0.0.1:" + System.getProperty(PORT_PROPERTY) + PATH,
                    "latchkey.github.refetch-interval", "2s");
        }
    }

    @Inject
    Database database;

    @BeforeAll
    static void serveKeys() throws Exception {
        PUBLISHED.put("first", newKeyPair());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(System.getProperty(PORT_PROPERTY))), 10);
        server.createContext(PATH, exchange -> {
            FETCHES.incrementAndGet();
            List<Map<String, Object>> keys = PUBLISHED.entrySet().stream().map(entry -> Map.<String, Object>of(
                    "key_identifier", entry.getKey(), "is_current", true, "key", "-----BEGIN PUBLIC KEY-----\n"
                            + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(entry.getValue().getPublic().getEncoded())
                            + "\n-----END PUBLIC KEY-----\n")).toList();
            byte[] body = JSON.writeValueAsBytes(Map.of("public_keys", keys));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServing() {
        server.stop(0);
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String sign(KeyPair key, String body) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(key.getPrivate());
        ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }

    private static ValidatableResponse send(String body, String keyId, String signature) {
        var request = given().contentType("application/json").body(body);
        if (keyId != null) {
            request.header("Github-Public-Key-Identifier", keyId);
        }
        if (signature != null) {
            request.header("Github-Public-Key-Signature", signature);
        }
        return request.post("/api/v1/integrations/github/secret-scanning").then();
    }

    private static String report(String... tokens) throws Exception {
        return JSON.writeValueAsString(java.util.Arrays.stream(tokens).map(token -> Map.of("token", token, "type", "latchkey_secret_key",
                "url", "https://github.com/octocat/hello/blob/abc/.env", "source", "content")).toList());
    }

    @Test
    void validKeysAreRevokedAndLabelledTruePositive() throws Exception {
        NewApplication app = NewApplication.create();
        String body = report(app.secretKey(), app.publishableKey(), "sk_live_not_a_key");
        send(body, "first", sign(PUBLISHED.get("first"), body)).statusCode(200)
                .body("size()", equalTo(3))
                .body("[0].token_raw", equalTo(app.secretKey())).body("[0].token_type", equalTo("latchkey_secret_key"))
                .body("[0].label", equalTo("true_positive"))
                .body("[1].label", equalTo("false_positive")).body("[2].label", equalTo("false_positive"));
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("api_key_revoked"));
        JsonNode event = JSON.readTree((String) database.rows("select body from outbox_event where application_id = ?::uuid"
                + " and type = 'key.leaked'", app.id()).getFirst().getFirst());
        assertEquals("github", event.at("/data/source").asText());
        assertEquals("https://github.com/octocat/hello/blob/abc/.env", event.at("/data/url").asText());
        assertEquals(1, database.count("select count(*) from audit_log where application_id = ?::uuid and actor = 'leak-report'", app.id()));
        // sent again (GitHub retries): the key is already revoked
        send(body, "first", sign(PUBLISHED.get("first"), body)).statusCode(200).body("[0].label", equalTo("false_positive"));
    }

    @Test
    void missingMalformedOrWrongSignaturesAnswer401AndRevokeNothing() throws Exception {
        NewApplication app = NewApplication.create();
        String body = report(app.secretKey());
        String other = report("sk_live_something_else");
        for (String[] headers : new String[][] {{null, null}, {"first", null}, {null, sign(PUBLISHED.get("first"), body)},
                {"first", "not base64 at all!"}, {"first", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})},
                {"first", sign(PUBLISHED.get("first"), other)}, {"first", sign(newKeyPair(), body)},
                {"nobody-publishes-this", sign(PUBLISHED.get("first"), body)}}) {
            send(body, headers[0], headers[1]).statusCode(401).body("error", equalTo("invalid_signature"));
        }
        withKey(app.secretKey()).get("/api/v1/keys/self").then().statusCode(200);
    }

    @Test
    void aNewGitHubKeyIsFetchedOnceWhenFirstSeen() throws Exception {
        send("[]", "first", sign(PUBLISHED.get("first"), "[]")).statusCode(200); // the document is loaded
        Thread.sleep(2100); // past the refetch interval (2 s here, a minute by default) of any earlier fetch
        PUBLISHED.put("rotated", newKeyPair());
        int before = FETCHES.get();
        String body = report("sk_live_nothing");
        send(body, "rotated", sign(PUBLISHED.get("rotated"), body)).statusCode(200).body("[0].label", equalTo("false_positive"));
        assertEquals(before + 1, FETCHES.get(), "one fetch for the new identifier");
        // unknown identifiers right after do not fetch again
        send(body, "unknown-1", sign(PUBLISHED.get("rotated"), body)).statusCode(401);
        send(body, "unknown-2", sign(PUBLISHED.get("rotated"), body)).statusCode(401);
        assertEquals(before + 1, FETCHES.get(), "at most one fetch per refetch interval");
    }

    /** Exactly the current document is trusted: a key GitHub no longer publishes stops passing at the next fetch. */
    @Test
    void aKeyWithdrawnByGitHubIsNoLongerTrusted() throws Exception {
        PUBLISHED.put("withdrawn", newKeyPair());
        KeyPair withdrawn = PUBLISHED.get("withdrawn");
        Thread.sleep(2100); // past the refetch interval of any earlier fetch
        send("[]", "withdrawn", sign(withdrawn, "[]")).statusCode(200);
        PUBLISHED.remove("withdrawn");
        Thread.sleep(2100);
        send("[]", "unknown-3", sign(withdrawn, "[]")).statusCode(401); // fetches the document again
        send("[]", "withdrawn", sign(withdrawn, "[]")).statusCode(401).body("error", equalTo("invalid_signature"));
        send("[]", "first", sign(PUBLISHED.get("first"), "[]")).statusCode(200);
    }

    @Test
    void aSignedBodyThatIsNotTheExpectedJsonAnswers400() throws Exception {
        String body = "{\"token\": \"x\"}";
        send(body, "first", sign(PUBLISHED.get("first"), body)).statusCode(400).body("error", equalTo("invalid_request"));
    }
}
