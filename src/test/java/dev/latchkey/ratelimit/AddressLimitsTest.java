package dev.latchkey.ratelimit;

import dev.latchkey.common.RedisKeys;
import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.latchkey.key.ApiKeyFormat;
import dev.latchkey.key.Environment;
import dev.latchkey.key.KeyType;
import dev.latchkey.support.Api;
import dev.latchkey.support.FromAddress;
import dev.latchkey.support.EndUsers;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** identify, signup, login and failed key checks spend from a budget per client address, whatever the key. */
@QuarkusTest
@TestProfile(AddressLimitsTest.SmallAddressBudgets.class)
class AddressLimitsTest {

    public static class SmallAddressBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.rate-limit.identify-per-address.limit", "3",
                    "latchkey.rate-limit.login-per-address.limit", "3",
                    "latchkey.rate-limit.signup-per-address.limit", "3",
                    "latchkey.rate-limit.failed-checks-per-address.limit", "3",
                    "latchkey.rate-limit.leak-reports-per-address.limit", "3");
        }
    }

    @Inject
    RedisDataSource redis;

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void freshAddressBudgets() {
        // every test of this class calls from this address: each starts with full budgets
        redis.key().keys(RedisKeys.RATE_PREFIX + "*").forEach(key -> redis.key().del(key));
    }

    @Test
    void signupsAreLimitedPerAddressAcrossApplications() {
        String first = Api.createApplication(Api.createTenant()).getString("keys.live.publishable_key");
        String second = Api.createApplication(Api.createTenant()).getString("keys.test.publishable_key");
        FromAddress client = FromAddress.of("127.0.0.30");
        List<Integer> statuses = new ArrayList<>();
        for (String key : List.of(first, first, second, second)) {
            statuses.add(client.send(client.request("/api/userAuth/signup").header("x-api-key", key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\": \"" + EndUsers.email() + "\", \"password\": \"" + EndUsers.password() + "\"}")))
                    .statusCode());
        }
        assertEquals(List.of(201, 201, 201, 429), statuses);
        // another address signs up as usual
        EndUsers.signup(second);
    }

    @Test
    void leakReportsAreLimitedPerAddress() {
        FromAddress client = FromAddress.of("127.0.0.31");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(client.send(client.request("/api/v1/keys/leaked").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"keys\": [\"sk_live_nothing\"]}"))).statusCode());
        }
        assertEquals(List.of(202, 202, 202, 429), statuses);
    }

    /**
     * An IPv6 client counts per /64 and per /48 (16 times the /64's budget here): the /64s of one
     * routed /48 share the larger budget, so a /48 is not 65,536 budgets.
     */
    @Test
    void theSixtyFoursOfOneFortyEightShareItsBudget() {
        String key = Api.createApplication(Api.createTenant()).getString("keys.live.publishable_key");
        FromAddress proxy = FromAddress.of("127.0.0.2"); // the test profile's trusted proxy
        List<Integer> statuses = new ArrayList<>();
        for (int subnet = 0; subnet < 17; subnet++) {
            for (int i = 0; i < 3; i++) {
                statuses.add(identifyFrom(proxy, "2001:db8:48:" + Integer.toHexString(subnet) + "::" + (i + 1), key));
            }
        }
        assertEquals(48, statuses.stream().filter(status -> status == 200).count(), statuses.toString());
        assertEquals(List.of(429, 429, 429), statuses.subList(48, 51));
        assertEquals(200, identifyFrom(proxy, "2001:db8:49::1", key), "another /48 has its own budget");
    }

    private static int identifyFrom(FromAddress proxy, String forwardedFor, String key) {
        return proxy.send(proxy.request("/api/v1/auth/identify").header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"publishable_key\": \"" + key + "\"}"))).statusCode();
    }

    /** Each reported key is a lookup, paid like a failed key check: one report of many keys is no free scan. */
    @Test
    void reportedKeysSpendTheAddressLookupBudget() {
        String valid = Api.createApplication(Api.createTenant()).getString("keys.live.secret_key");
        FromAddress reporter = FromAddress.of("127.0.0.32");
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            unknown.add("\"" + ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE) + "\"");
        }
        assertEquals(202, report(reporter, String.join(",", unknown)).statusCode(), "three unknown keys: the budget of 3");
        HttpResponse<String> refused = report(reporter, "\"" + valid + "\"");
        assertEquals(429, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("\"rate_limited\""), refused.body());
        assertEquals(200, FromAddress.of("127.0.0.33").getWithKey("/api/v1/keys/self", valid).statusCode(),
                "a key refused a lookup is not revoked");
        // another address has its own budget, and its report revokes the key
        assertEquals(202, report(FromAddress.of("127.0.0.34"), "\"" + valid + "\"").statusCode());
        assertEquals(401, FromAddress.of("127.0.0.33").getWithKey("/api/v1/keys/self", valid).statusCode());
    }

    private static HttpResponse<String> report(FromAddress reporter, String keys) {
        return reporter.send(reporter.request("/api/v1/keys/leaked").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"keys\": [" + keys + "]}")));
    }

    @Test
    void unknownKeysFromOneAddressReachTheStoresOnlyWithinItsBudget() {
        JsonPath app = Api.createApplication(Api.createTenant());
        String warm = app.getString("keys.live.secret_key");
        String neverSeen = app.getString("keys.test.secret_key");
        FromAddress attacker = FromAddress.of("127.0.0.3");
        assertEquals(200, attacker.getWithKey("/api/v1/keys/self", warm).statusCode());

        double readsBefore = databaseReads();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(attacker.getWithKey("/api/v1/keys/self", ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE)).statusCode());
        }
        assertEquals(3, statuses.stream().filter(status -> status == 401).count(), statuses.toString());
        assertEquals(17, statuses.stream().filter(status -> status == 429).count(), statuses.toString());
        assertEquals(3, databaseReads() - readsBefore, "PostgreSQL reads for 20 unknown keys");
        HttpResponse<String> refused = attacker.getWithKey("/api/v1/keys/self", neverSeen);
        assertEquals(429, refused.statusCode(), "refused before any lookup, even a valid key's");
        assertTrue(refused.body().contains("\"rate_limited\"") && refused.headers().firstValue("Retry-After").isPresent());
        // a key already in memory costs no lookup and still passes; other addresses keep their budgets
        assertEquals(200, attacker.getWithKey("/api/v1/keys/self", warm).statusCode());
        assertEquals(200, FromAddress.of("127.0.0.4").getWithKey("/api/v1/keys/self", neverSeen).statusCode());
        assertEquals(401, FromAddress.of("127.0.0.4").getWithKey("/api/v1/keys/self",
                ApiKeyFormat.generate(KeyType.SECRET, Environment.LIVE)).statusCode());
        // known keys give their reservation back: the same address keeps its whole budget for them
        FromAddress client = FromAddress.of("127.0.0.5");
        for (int i = 0; i < 5; i++) {
            String fresh = Api.createApplication(Api.createTenant()).getString("keys.live.secret_key");
            assertEquals(200, client.getWithKey("/api/v1/keys/self", fresh).statusCode());
        }
    }

    @Test
    void preflightsWithNewOriginsQueryOnlyWithinTheAddressBudget() {
        FromAddress prober = FromAddress.of("127.0.0.6");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(prober.send(prober.request("/api/data/notes").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://probe-" + i + ".example").header("Access-Control-Request-Method", "GET"))
                    .statusCode());
        }
        assertEquals(List.of(403, 403, 403, 429, 429, 429, 429, 429), statuses);
    }

    private double databaseReads() {
        return registry.get("latchkey.key.lookups").tag("tier", "database").counter().count();
    }

    @Test
    void identifyIsLimitedPerAddressAcrossKeys() {
        JsonPath first = Api.createApplication(Api.createTenant());
        JsonPath second = Api.createApplication(Api.createTenant());
        String[] keys = {first.getString("keys.live.publishable_key"), second.getString("keys.live.publishable_key"),
                first.getString("keys.test.publishable_key")};
        for (String key : keys) {
            given().contentType("application/json").body(Map.of("publishable_key", key)).post("/api/v1/auth/identify")
                    .then().statusCode(200);
        }
        given().contentType("application/json").body(Map.of("publishable_key", keys[1])).post("/api/v1/auth/identify")
                .then().statusCode(429).body("error", equalTo("rate_limited")).header("Retry-After", notNullValue());
    }

    @Test
    void loginAttemptsAreLimitedPerAddressWhateverTheirResult() {
        JsonPath app = Api.createApplication(Api.createTenant());
        String pk = app.getString("keys.live.publishable_key");
        String email = EndUsers.email();
        String password = EndUsers.password();
        EndUsers.signup(pk, email, password);
        for (int i = 0; i < 3; i++) {
            withKey(pk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login").then().statusCode(200);
        }
        withKey(pk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login").then().statusCode(429)
                .body("error", equalTo("rate_limited"));
        // the budget is the application environment's: test has its own
        String testPk = app.getString("keys.test.publishable_key");
        EndUsers.signup(testPk, email, password);
        withKey(testPk).body(Map.of("email", email, "password", password)).post("/api/userAuth/login").then().statusCode(200);
    }
}
