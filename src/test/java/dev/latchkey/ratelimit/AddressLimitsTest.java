package dev.latchkey.ratelimit;

import static dev.latchkey.support.EndUsers.withKey;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** identify and login spend from a budget per client address, whatever the key. */
@QuarkusTest
@TestProfile(AddressLimitsTest.SmallAddressBudgets.class)
class AddressLimitsTest {

    public static class SmallAddressBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("latchkey.rate-limit.identify-per-address.limit", "3",
                    "latchkey.rate-limit.login-per-address.limit", "3");
        }
    }

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void freshAddressBudgets() {
        // the other suites identify from this address too, under far larger budgets
        redis.key().keys("latchkey:v1:rate:identify:*").forEach(key -> redis.key().del(key));
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
