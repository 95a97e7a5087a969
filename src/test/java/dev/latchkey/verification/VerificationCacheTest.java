package dev.latchkey.verification;

import dev.latchkey.common.RedisKeys;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.support.Api;
import dev.latchkey.support.NewApplication;
import dev.latchkey.support.SharedCacheEntries;
import dev.latchkey.verification.cache.LocalKeyCache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which tier answers each check, read from the service's own Prometheus counters. */
@QuarkusTest
class VerificationCacheTest {

    @Inject
    LocalKeyCache local;

    @Inject
    RedisDataSource redis;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    /** The key lookups answered by one tier so far (the service's counter). */
    static double lookups(String tier) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^latchkey_key_lookups_total\\{[^}]*tier=\"" + tier + "\"[^}]*} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Map<String, Double> tiers() {
        return Map.of("local", lookups("local"), "redis", lookups("redis"), "database", lookups("database"),
                "joined", lookups("joined"));
    }

    /** The statuses of as many checks of one key, released together from as many threads. */
    static List<Integer> checkAtOnce(String key, int clients) throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(threads.submit(() -> {
                    start.await();
                    return given().header("x-api-key", key).get("/api/v1/keys/self").statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            return statuses;
        }
    }

    private static void check(String key, int status) {
        given().header("x-api-key", key).get("/api/v1/keys/self").then().statusCode(status);
    }

    private static void assertDelta(Map<String, Double> before, String tier, double expected) {
        assertEquals(expected, tiers().get(tier) - before.get(tier), tier);
    }

    /** Checks the key once, which one slower tier must answer: {@code "redis"} or {@code "database"}. */
    private static void assertAnsweredBy(String tier, String key, int status) {
        Map<String, Double> before = tiers();
        check(key, status);
        assertDelta(before, "local", 0);
        assertDelta(before, "redis", tier.equals("redis") ? 1 : 0);
        assertDelta(before, "database", tier.equals("database") ? 1 : 0);
    }

    @Test
    void aWarmKeyIsAnsweredFromMemory() {
        String key = app.secretKey();
        Map<String, Double> before = tiers();
        check(key, 200);
        assertDelta(before, "database", 1);
        before = tiers();
        for (int i = 0; i < 5; i++) {
            check(key, 200);
        }
        assertDelta(before, "local", 5);
        assertDelta(before, "database", 0);
        assertDelta(before, "redis", 0);
    }

    /** Checks a valid key once and waits for its Redis entry (a fill does not hold up the answer); its key id. */
    private String checkAndAwaitFill(String key) {
        String keyId = given().header("x-api-key", key).get("/api/v1/keys/self").then().statusCode(200).extract().path("key_id");
        SharedCacheEntries.awaitEntry(redis, keyId);
        return keyId;
    }

    @Test
    void anotherInstanceFindsTheKeyInRedis() {
        String key = app.json().getString("keys.test.secret_key");
        checkAndAwaitFill(key);
        local.clear(); // as a fresh instance would start
        Map<String, Double> before = tiers();
        check(key, 200);
        assertDelta(before, "redis", 1);
        assertDelta(before, "database", 0);
    }

    @Test
    void unknownKeysReachPostgresOncePerInstanceAndNeverEnterRedis() {
        String unknown = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        long entries = redisEntries();
        Map<String, Double> before = tiers();
        for (int i = 0; i < 5; i++) {
            check(unknown, 401);
        }
        assertDelta(before, "database", 1);
        // anyone can mint unknown keys: Redis must not grow with them (its memory is everyone's)
        assertEquals(entries, redisEntries());
        local.clear();
        assertAnsweredBy("database", unknown, 401);
    }

    @Test
    void aForgedOrTamperedRedisEntryIsAMiss() {
        String pk = app.publishableKey();
        String name = SharedCacheEntries.entryOf(redis, checkAndAwaitFill(pk));
        String stored = redis.value(String.class).get(name);
        // the cache generation, then the seal: forgeries keep the generation, so the seal alone must refuse them
        String stamp = stored.substring(0, stored.indexOf('/') + 1);
        String[] parts = stored.substring(stamp.length()).split("\\.", 3); // mac, expiry, JSON
        String escalated = parts[2].replace("\"type\":\"pk\"", "\"type\":\"sk\"");
        org.junit.jupiter.api.Assertions.assertNotEquals(parts[2], escalated);
        // what someone able to write to Redis, but without the hashing secret, could store:
        // plain JSON, the old seal on new JSON, and the genuine entry with a later expiry
        for (String forged : List.of(escalated, parts[0] + "." + parts[1] + "." + escalated,
                parts[0] + "." + (Long.parseLong(parts[1]) + 3_600_000) + "." + parts[2])) {
            redis.value(String.class).set(name, stamp + forged);
            local.clear();
            Map<String, Double> before = tiers();
            given().header("x-api-key", pk).get("/api/v1/keys/self").then().statusCode(200)
                    .body("type", org.hamcrest.Matchers.equalTo("pk"));
            assertDelta(before, "redis", 0);
            assertDelta(before, "database", 1);
        }
    }

    private long redisEntries() {
        return redis.key().keys(RedisKeys.CHECK_PREFIX + "*").size();
    }

    /** Many requests missing the same key at once read PostgreSQL once; the others join that read. */
    @Test
    void concurrentMissesOfOneKeyReadOnce() throws Exception {
        String unknown = ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE);
        Map<String, Double> before = tiers();
        assertEquals(Collections.nCopies(16, 401), checkAtOnce(unknown, 16));
        assertDelta(before, "database", 1);
        Map<String, Double> after = tiers();
        double others = after.get("local") + after.get("joined") + after.get("redis")
                - before.get("local") - before.get("joined") - before.get("redis");
        assertEquals(15, others, "every other miss joined the read or found its answer in a cache");
    }

    @Test
    void garbageReachesNoStore() {
        String good = app.secretKey();
        Map<String, Double> before = tiers();
        for (String garbage : new String[] {"nope", "sk_live_" + "a".repeat(38), good.substring(0, 45) + "!", good + good}) {
            check(garbage, 401);
        }
        assertDelta(before, "local", 0);
        assertDelta(before, "redis", 0);
        assertDelta(before, "database", 0);
    }

    @Test
    void revocationReachesEveryTier() {
        String key = app.secretKey();
        check(key, 200);
        check(key, 200);
        Api.asTenantAdmin(app.tenant())
                .post("/api/v1/settings/applications/" + app.id() + "/rotate-secret")
                .then().statusCode(200).extract().path("secret_key");
        check(key, 401);
        local.clear();
        check(key, 401);
    }

    /**
     * What a Redis failover leaves behind may predate deletions it lost: an instance that rejoins
     * starts a new generation, and entries of an earlier one are misses, refilled from PostgreSQL.
     */
    @Test
    void entriesOfAnEarlierGenerationAreMissesAndRefilled() {
        String key = app.secretKey();
        String keyId = checkAndAwaitFill(key);
        local.clear();
        redis.value(String.class).set(RedisKeys.GENERATION, "started-by-a-rejoining-instance-" + System.nanoTime());
        assertAnsweredBy("database", key, 200);
        SharedCacheEntries.awaitEntry(redis, keyId);
        local.clear();
        assertAnsweredBy("redis", key, 200);
    }

    /**
     * The stream no longer holds the entry this instance applied last (a failover lost it, or a
     * restart emptied Redis): entries after it may be lost too, so the instance starts from an
     * empty L1, counts the restart and starts a new generation of the Redis cache.
     */
    @Test
    void aStreamThatLostThisInstancesPositionEmptiesTheCachesAndIsCounted() {
        String key = app.secretKey();
        check(key, 200);
        redis.stream(String.class).xadd(RedisKeys.INVALIDATIONS, Map.of("target", "app:" + java.util.UUID.randomUUID()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> redis.stream(String.class).xlen(RedisKeys.INVALIDATIONS) > 0 && everyInstanceAtTheEnd());
        check(key, 200);
        String generation = redis.value(String.class).get(RedisKeys.GENERATION);
        double restarts = syncRestarts();
        redis.key().del(RedisKeys.INVALIDATIONS);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> syncRestarts() > restarts);
        org.junit.jupiter.api.Assertions.assertNotEquals(generation, redis.value(String.class).get(RedisKeys.GENERATION));
        assertAnsweredBy("database", key, 200);
    }

    private boolean everyInstanceAtTheEnd() {
        String last = redis.stream(String.class).xrange(RedisKeys.INVALIDATIONS, io.quarkus.redis.datasource.stream.StreamRange.of("-", "+"))
                .getLast().id();
        return redis.hash(String.class).hgetall(RedisKeys.INSTANCES).values().stream().allMatch(state -> state.startsWith(last + "|"));
    }

    private static double syncRestarts() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^latchkey_verification_sync_restarts_total(\\{[^}]*})? (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }
}
