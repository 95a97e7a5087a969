package dev.latchkey.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Shortcuts to set up tenants and applications through the public API, remembering every secret seen. */
public final class Api {

    static {
        SuiteFilters.install();
    }

    private Api() {
    }

    public static RequestSpecification asPlatformAdmin() {
        return given().auth().oauth2(AdminTokens.platformAdmin()).contentType(ContentType.JSON);
    }

    public static RequestSpecification asTenantAdmin(String tenantId) {
        return given().auth().oauth2(AdminTokens.tenantAdmin(tenantId)).contentType(ContentType.JSON);
    }

    /** A new tenant with a unique id. */
    public static String createTenant() {
        String id = "t-" + UUID.randomUUID().toString().substring(0, 13);
        asPlatformAdmin().body(Map.of("id", id, "name", "Tenant " + id))
                .post("/api/v1/tenants").then().statusCode(201);
        return id;
    }

    /** A new application of the tenant, as created: its four keys in full. */
    public static JsonPath createApplication(String tenantId) {
        return createApplication(tenantId, Map.of("name", "App of " + tenantId));
    }

    public static JsonPath createApplication(String tenantId, Map<String, ?> body) {
        JsonPath created = asTenantAdmin(tenantId).body(body)
                .post("/api/v1/applications").then().statusCode(201).extract().jsonPath();
        return created;
    }
}
