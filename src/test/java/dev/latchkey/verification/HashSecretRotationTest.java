package dev.latchkey.verification;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * After the hashing secret is rotated, keys stored under the retired secret keep working. The
 * test rewrites stored hashes directly, behind the caches' back, so it runs with them switched
 * off, which also covers that mode: every check reads PostgreSQL.
 */
@QuarkusTest
@TestProfile(HashSecretRotationTest.RotatedSecret.class)
class HashSecretRotationTest {

    static final String RETIRED = "c3VwZXItc2VjcmV0LXJldGlyZWQtaGFzaGluZy1rZXktMDE=";
    static final String CURRENT = "Y3VycmVudC1oYXNoaW5nLWtleS1mb3ItdmVyc2lvbi10d28hIQ==";

    public static class RotatedSecret implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.hash.secret", CURRENT, "latchkey.hash.version", "2",
                    "latchkey.hash.previous-secrets", "1:" + RETIRED, "latchkey.verification.cache-enabled", "false");
        }
    }

    @Inject
    Database database;

    private static byte[] hmac(String secret, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        return mac.doFinal(key.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void keysHashedUnderTheRetiredSecretStillVerify() throws Exception {
        JsonPath app = Api.createApplication(Api.createTenant());
        String secret = app.getString("keys.live.secret_key");
        UUID appId = UUID.fromString(app.getString("id"));
        database.rows("select key_hash from api_key where application_id = ? and key_hash = ?", appId, hmac(CURRENT, secret))
                .getFirst();

        // as if the key had been stored before the rotation
        database.rows("update api_key set key_hash = ?, hash_version = 1 where key_hash = ? returning id",
                hmac(RETIRED, secret), hmac(CURRENT, secret));
        given().header("x-api-key", secret).get("/api/v1/keys/self").then().statusCode(200).body("application_id", equalTo(appId.toString()));

        // a hash under an unknown version never matches
        database.rows("update api_key set hash_version = 7 where key_hash = ? returning id", hmac(RETIRED, secret));
        given().header("x-api-key", secret).get("/api/v1/keys/self").then().statusCode(401).body("error", equalTo("invalid_api_key"));
    }

    /** With caching off (the benchmark's baseline), concurrent checks of one key each read PostgreSQL. */
    @Test
    void withCachingOffEveryCheckReadsPostgresql() throws Exception {
        String secret = NewApplication.create().secretKey();
        double readsBefore = VerificationCacheTest.lookups("database");
        double joinedBefore = VerificationCacheTest.lookups("joined");
        assertEquals(Collections.nCopies(16, 200), VerificationCacheTest.checkAtOnce(secret, 16));
        assertEquals(16, VerificationCacheTest.lookups("database") - readsBefore);
        assertEquals(0, VerificationCacheTest.lookups("joined") - joinedBefore);
    }
}
