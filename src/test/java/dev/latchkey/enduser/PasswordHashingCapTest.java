package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** bcrypt work is capped: past the cap a signup answers 503 with Retry-After at once and stores nothing. */
@QuarkusTest
@TestProfile(PasswordHashingCapTest.OneHashAtATime.class)
class PasswordHashingCapTest {

    public static class OneHashAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // a production-like cost, so that each hash takes long enough for the others to meet it
            return Map.of("latchkey.end-user.max-concurrent-hashes", "1", "latchkey.end-user.password-cost", "12");
        }
    }

    @Inject
    Database database;

    @Test
    void signupsBeyondTheCapAreRefusedNotQueued() throws Exception {
        JsonPath app = Api.createApplication(Api.createTenant());
        String pk = app.getString("keys.live.publishable_key");
        List<ExtractableResponse<Response>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> withKey(pk).body(Map.of("email", EndUsers.email(), "password", EndUsers.password()))
                        .post("/api/userAuth/signup").then().extract()));
            }
            for (Future<ExtractableResponse<Response>> call : calls) {
                answers.add(call.get());
            }
        } finally {
            pool.shutdown();
        }
        long created = answers.stream().filter(answer -> answer.statusCode() == 201).count();
        List<ExtractableResponse<Response>> refused = answers.stream().filter(answer -> answer.statusCode() == 503).toList();
        assertTrue(created >= 1, "someone got through");
        assertTrue(!refused.isEmpty(), "eight signups at once with room for one: some refused");
        assertEquals(8, created + refused.size(), "nothing but 201 and 503");
        for (ExtractableResponse<Response> answer : refused) {
            assertEquals("unavailable", answer.path("error"));
            assertEquals("1", answer.header("Retry-After"));
        }
        assertEquals(created, database.count("select count(*) from end_user where application_id = ?",
                UUID.fromString(app.getString("id"))), "a refused signup stores nothing");
    }
}
