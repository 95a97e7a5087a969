package dev.latchkey.benchmark;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeSet;

import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** Scenario 1b's route must stay what keys/self answers, so the benchmark's ratio measures the check alone. */
@QuarkusTest
class FixedAnswerResourceTest {

    @Test
    void answersKeysSelfsFieldsAndHeadersWithoutACredential() {
        NewApplication app = NewApplication.create();
        Response self = given().header("x-api-key", app.secretKey()).get("/api/v1/keys/self");
        Response fixed = given().get("/api/v1/ping/answer");
        assertEquals(200, fixed.statusCode());
        Map<String, Object> selfBody = self.jsonPath().getMap("");
        Map<String, Object> fixedBody = fixed.jsonPath().getMap("");
        assertEquals(new TreeSet<>(selfBody.keySet()), new TreeSet<>(fixedBody.keySet()));
        for (String header : new String[] {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Vary", "Content-Type"}) {
            assertEquals(self.header(header) != null, fixed.header(header) != null, header);
        }
        int sizes = Math.abs(self.asString().length() - fixed.asString().length());
        assertEquals(true, sizes <= 40, "bodies of about the same size: " + self.asString() + " / " + fixed.asString());
    }
}
