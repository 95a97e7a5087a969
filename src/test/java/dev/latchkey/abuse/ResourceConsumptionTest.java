package dev.latchkey.abuse;

import static dev.latchkey.support.ContractAnswers.assertRefused;
import static dev.latchkey.support.ContractAnswers.assertWellFormed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OWASP API4 (unrestricted resource consumption): huge and deep bodies, huge page sizes, many
 * headers, long URLs. Each is refused early with the contract's error body, and nothing is stored.
 */
@QuarkusTest
class ResourceConsumptionTest {

    @Inject
    Database database;

    private NewApplication own;

    @BeforeEach
    void application() {
        own = NewApplication.create();
    }

    /** Every endpoint that reads a JSON body, with the credential it needs. */
    private List<Map.Entry<String, Function<byte[], Response>>> jsonEndpoints() {
        return List.of(
                Map.entry("create application", body -> Api.asTenantAdmin(own.tenant()).body(body).post("/api/v1/applications")),
                Map.entry("patch application", body -> Api.asTenantAdmin(own.tenant()).body(body).patch("/api/v1/applications/" + own.id())),
                Map.entry("create key", body -> Api.asTenantAdmin(own.tenant()).body(body).post("/api/v1/applications/" + own.id() + "/keys")),
                Map.entry("collection settings", body -> Api.asTenantAdmin(own.tenant()).body(body)
                        .put("/api/v1/applications/" + own.id() + "/collections/notes")),
                Map.entry("create document", body -> EndUsers.withKey(own.secretKey()).body(body).post("/api/data/notes")),
                Map.entry("signup", body -> EndUsers.withKey(own.publishableKey()).body(body).post("/api/userAuth/signup")),
                Map.entry("login", body -> EndUsers.withKey(own.publishableKey()).body(body).post("/api/userAuth/login")),
                Map.entry("verify", body -> EndUsers.withKey(own.secretKey()).body(body).post("/api/v1/keys/verify")),
                Map.entry("identify", body -> given().contentType("application/json").body(body).post("/api/v1/auth/identify")),
                Map.entry("rotate", body -> Api.asTenantAdmin(own.tenant()).body(body)
                        .post("/api/v1/settings/applications/" + own.id() + "/rotate-secret")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedEverywhere() {
        byte[] huge = ("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (var endpoint : jsonEndpoints()) {
            Response response = endpoint.getValue().apply(huge);
            assertWellFormed(response, endpoint.getKey() + " with 2 MiB");
            assertTrue(response.statusCode() == 413 || response.statusCode() == 400, endpoint.getKey() + ": " + response.statusCode());
        }
        assertNothingStored();
    }

    @Test
    void deeplyNestedJsonIsRefusedEverywhere() {
        int depth = 20_000;
        byte[] arrays = ("{\"name\":" + "[".repeat(depth) + "]".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
        byte[] objects = ("{\"name\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}").getBytes(StandardCharsets.UTF_8);
        for (var endpoint : jsonEndpoints()) {
            for (byte[] body : List.of(arrays, objects)) {
                assertRefused(endpoint.getValue().apply(body), 400, "invalid_request", endpoint.getKey() + " with deep JSON");
            }
        }
        assertNothingStored();
    }

    @Test
    void pageSizesAreBounded() {
        List<RequestSpecification> callers = List.of(EndUsers.withKey(own.publishableKey()), Api.asTenantAdmin(own.tenant()), Api.asTenantAdmin(own.tenant()),
                Api.asTenantAdmin(own.tenant()));
        List<String> paths = List.of("/api/data/notes", "/api/v1/applications", "/api/v1/applications/" + own.id() + "/audit-log",
                "/api/v1/applications/" + own.id() + "/keys");
        for (int i = 0; i < paths.size(); i++) {
            for (String limit : List.of("1000000", "201", "0", "-1", "99999999999999999999")) {
                Response response = callers.get(i).queryParam("limit", limit).get(paths.get(i));
                assertWellFormed(response, paths.get(i) + "?limit=" + limit);
                if (!paths.get(i).endsWith("/keys")) {
                    assertEquals(400, response.statusCode(), paths.get(i) + "?limit=" + limit);
                }
            }
        }
    }

    /**
     * Oversized headers and request lines never reach the service: the HTTP server's decoder
     * refuses them (431, 414) with an empty body and closes the connection. Quarkus offers no hook
     * for that answer, so these two statuses are the one place without the contract's body
     * (docs/RELIABILITY.md). What matters is that they are refused and nothing else suffers.
     */
    @Test
    void manyOrHugeHeadersAndLongUrlsAreRefusedByTheServer() {
        RequestSpecification many = EndUsers.withKey(own.secretKey());
        for (int i = 0; i < 400; i++) {
            many.header("X-Padding-" + i, "v".repeat(100));
        }
        assertRefusedByTheDecoder(431, () -> many.get("/api/v1/keys/self").statusCode(), "400 headers of 100 bytes");
        assertRefusedByTheDecoder(431, () -> EndUsers.withKey(own.secretKey()).header("X-Big", "v".repeat(64 * 1024))
                .get("/api/v1/keys/self").statusCode(), "one 64 KiB header");
        assertEquals(414, EndUsers.withKey(own.secretKey()).get("/api/data/notes?after=" + "a".repeat(16 * 1024)).statusCode(), "a 16 KiB URL");
        EndUsers.withKey(own.secretKey()).get("/api/v1/keys/self").then().statusCode(200);
    }

    /**
     * The decoder answers {@code status} and closes the connection as soon as it has read past its
     * limit; a client still writing the rest of a large request may see the close (broken pipe,
     * reset) before it reads the answer. Either way the server refused it.
     */
    private static void assertRefusedByTheDecoder(int status, java.util.function.IntSupplier request, String what) {
        try {
            assertEquals(status, request.getAsInt(), what);
        } catch (Exception e) {
            // REST Assured throws the socket's exception as it is (unchecked or not)
            Throwable cause = e;
            while (cause != null && !(cause instanceof java.net.SocketException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw new AssertionError(what + ": " + e, e);
            }
        }
    }

    private void assertNothingStored() {
        assertEquals(1, database.count("select count(*) from application where tenant_id = ?", own.tenant()), "no application added");
        assertEquals(4, database.count("select count(*) from api_key where application_id = ?::uuid and revoked_at is null", own.id()),
                "no key added or rotated");
        assertEquals(0, database.count("select count(*) from document where application_id = ?::uuid", own.id()));
        assertEquals(0, database.count("select count(*) from end_user where application_id = ?::uuid", own.id()));
        assertEquals(0, database.count("select count(*) from collection where application_id = ?::uuid", own.id()));
    }
}
