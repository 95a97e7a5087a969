package dev.latchkey.verification;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.common.RedisKeys;
import dev.latchkey.support.Api;
import dev.latchkey.support.RedisClusterResource;
import dev.latchkey.support.RedisTopology;
import dev.latchkey.verification.cache.LocalKeyCache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The service on a real Redis Cluster of three primaries (CONTRACT section 12): the limiter's
 * script, the key cache's reads and fills, the invalidation stream and the login throttle all run
 * on it without falling back, since their keys share hash slots; revocation is prompt.
 */
@QuarkusTest
@TestProfile(RedisClusterTest.OnARedisCluster.class)
class RedisClusterTest {

    public static class OnARedisCluster implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(RedisClusterResource.class));
        }
    }

    @Inject
    LocalKeyCache local;

    @Test
    void limitsCachesRevocationAndLoginsWorkOnTheClusterWithoutFallingBack() {
        String tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        String appId = app.getString("id");
        String key = Api.asTenantAdmin(tenant).body(Map.of("name", "five a minute", "environment", "live",
                "rate_limit", Map.of("limit", 5, "window_seconds", 60)))
                .post("/api/v1/applications/" + appId + "/keys").then().statusCode(201).extract().path("secret_key");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(given().header("x-api-key", key).get("/api/v1/keys/self").statusCode());
        }
        assertEquals(List.of(200, 200, 200, 200, 200, 429, 429, 429), statuses);

        String secret = app.getString("keys.live.secret_key");
        given().header("x-api-key", secret).get("/api/v1/keys/self").then().statusCode(200);
        // as another instance would, once the fill (which does not hold up the answer) landed: the cluster answers
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).untilAsserted(() -> {
            local.clear();
            double redisHits = VerificationCacheTest.lookups("redis");
            given().header("x-api-key", secret).get("/api/v1/keys/self").then().statusCode(200);
            assertEquals(redisHits + 1, VerificationCacheTest.lookups("redis"), "answered from the Redis Cluster");
        });
        int verificationNode = RedisClusterResource.cluster.primaryFor(RedisKeys.INVALIDATIONS);
        long slot = RedisTopology.command(verificationNode, "CLUSTER", "KEYSLOT", RedisKeys.INVALIDATIONS).toLong();
        assertTrue(RedisTopology.command(verificationNode, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot)).toLong() > 1,
                "the verification keys live in the cluster, in one slot");

        Api.asTenantAdmin(tenant).post("/api/v1/settings/applications/" + appId + "/rotate-secret").then().statusCode(200);
        given().header("x-api-key", secret).get("/api/v1/keys/self").then().statusCode(401);

        String publishable = app.getString("keys.live.publishable_key");
        given().header("x-api-key", publishable).contentType("application/json")
                .body(Map.of("email", "cluster@example.com", "password", "a long enough password"))
                .post("/api/userAuth/signup").then().statusCode(201);
        for (int i = 0; i < 3; i++) {
            given().header("x-api-key", publishable).contentType("application/json")
                    .body(Map.of("email", "cluster@example.com", "password", "wrong password " + i))
                    .post("/api/userAuth/login").then().statusCode(401);
        }
        List<String> fallbacks = given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("latchkey_redis_fallbacks_total{")).toList();
        assertEquals(3, fallbacks.size(), "limiter, login throttle and key cache: " + fallbacks);
        assertTrue(fallbacks.stream().allMatch(line -> line.endsWith(" 0.0")), "no feature fell back: " + fallbacks);
    }
}
