package dev.latchkey.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.common.RedisKeys;
import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.support.Api;
import dev.latchkey.support.FromAddress;
import dev.latchkey.support.SharedCacheEntries;
import dev.latchkey.verification.cache.LocalKeyCache;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The cluster's budget of failed checks is spent only by reads that PostgreSQL must answer: a
 * flood of unknown keys from many addresses exhausts it, yet keys that Redis holds still pass.
 */
@QuarkusTest
@TestProfile(ClusterLookupBudgetTest.SmallClusterBudget.class)
class ClusterLookupBudgetTest {

    public static class SmallClusterBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.rate-limit.failed-checks.limit", "2", "latchkey.rate-limit.failed-checks.window", "60s");
        }
    }

    @Inject
    LocalKeyCache local;

    @Inject
    RedisDataSource redis;

    @Test
    void aFloodFromManyAddressesCannotRefuseKeysThatRedisHolds() {
        // the cluster's budget is shared with every earlier test of the run (same Redis): start it whole
        redis.key().keys(RedisKeys.RATE_PREFIX + "*").forEach(key -> redis.key().del(key));
        JsonPath app = Api.createApplication(Api.createTenant());
        String known = app.getString("keys.live.secret_key");
        String neverSeen = app.getString("keys.test.secret_key");
        java.net.http.HttpResponse<String> first = FromAddress.of("127.0.0.1").getWithKey("/api/v1/keys/self", known);
        assertEquals(200, first.statusCode());
        SharedCacheEntries.awaitEntry(redis, JsonPath.from(first.body()).getString("key_id")); // the fill does not hold up the answer
        local.clear(); // as another instance, or this one after its entries expired, would see it

        List<Integer> flood = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            flood.add(FromAddress.of("127.0.2." + i).getWithKey("/api/v1/keys/self",
                    ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE)).statusCode());
        }
        assertEquals(List.of(401, 401, 429, 429, 429), flood);
        assertEquals(200, FromAddress.of("127.0.2.9").getWithKey("/api/v1/keys/self", known).statusCode(),
                "answered from Redis: no PostgreSQL read to pay for");
        assertEquals(429, FromAddress.of("127.0.2.9").getWithKey("/api/v1/keys/self", neverSeen).statusCode(),
                "a key only PostgreSQL knows waits for the cluster's budget");
    }
}
