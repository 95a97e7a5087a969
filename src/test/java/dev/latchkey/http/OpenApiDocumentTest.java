package dev.latchkey.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document is the committed one (docs/openapi.yaml, which .ci/run lints): a
 * change to the API that is not committed to the document fails here. On a mismatch the served
 * document is written to target/openapi-served.yaml, to be reviewed and copied over.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theServedDocumentIsTheCommittedOne() throws Exception {
        String served = given().accept("application/yaml").get("/q/openapi").then().statusCode(200).extract().asString();
        Path file = Path.of("docs/openapi.yaml");
        String committed = Files.exists(file) ? Files.readString(file) : "";
        if (!served.equals(committed)) {
            Files.writeString(Path.of("target/openapi-served.yaml"), served);
        }
        assertEquals(committed, served, "docs/openapi.yaml differs from the served document (see target/openapi-served.yaml)");
    }

    @Test
    void operationsAreNamedAndSecured() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("components.securitySchemes.apiKey.name", equalTo("x-api-key"))
                .body("components.securitySchemes.adminToken.scheme", equalTo("bearer"))
                .body("components.securitySchemes.userToken.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/keys/verify'.post.operationId", equalTo("verifyKey"))
                .body("paths.'/api/v1/keys/verify'.post.security[0]", hasItems())
                .body("paths.'/api/v1/settings/applications/{id}/rotate-secret'.post.operationId", equalTo("rotateSecret"))
                .body("paths.'/api/v1/applications'.post.responses.'403'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Error"))
                .body("components.schemas.Error.properties.error.enum", hasItems("invalid_api_key", "insufficient_permissions"));
    }
}
