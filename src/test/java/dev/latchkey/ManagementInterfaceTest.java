package dev.latchkey;

import static io.restassured.RestAssured.given;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Built as the Kubernetes image is built ({@code -Dquarkus.management.enabled=true}, see
 * src/main/docker and k8s/base/deployment.yaml): metrics, the OpenAPI document, Swagger UI and health
 * answer on the management port, under the contract's paths, and not on the public one that
 * the load balancer exposes.
 */
@QuarkusTest
@TestProfile(ManagementInterfaceTest.AsInTheImage.class)
class ManagementInterfaceTest {

    static final int MANAGEMENT_PORT = 19_001;

    public static class AsInTheImage implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.management.enabled", "true", "quarkus.management.test-port", String.valueOf(MANAGEMENT_PORT));
        }
    }

    @Test
    void operationsAnswerOnTheManagementPortOnly() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/q/swagger-ui/", "/q/health/ready"}) {
            given().get(path).then().statusCode(404);
            given().port(MANAGEMENT_PORT).get(path).then().statusCode(200);
        }
        // the API itself stays where it was
        given().get("/api/v1/keys/self").then().statusCode(401);
    }
}
