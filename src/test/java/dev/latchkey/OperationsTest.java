package dev.latchkey;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsTest {

    @Test
    void readinessChecksDatabaseAndRedis() {
        org.awaitility.Awaitility.await("in sync with the cluster").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> given().get("/q/health/ready").then().extract()
                        .path("checks.find { it.name.startsWith('Redis') }.data.state"), equalTo("connected"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItems(
                        containsString("Database"), containsString("Redis")));
    }

    @Test
    void livenessIsUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDescribesTheAdminPlane() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/applications"));
    }

    @Test
    void unknownPathAnswersTheContractBody() {
        given().get("/api/v1/nothing-here").then().statusCode(404)
                .body("success", equalTo(false)).body("error", equalTo("not_found"));
    }
}
