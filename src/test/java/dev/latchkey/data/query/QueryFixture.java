package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/** An application with keys, and the listing calls the query tests make. */
final class QueryFixture {

    final String tenant;
    final String appId;
    final String pk;
    final String sk;

    QueryFixture() {
        tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        appId = app.getString("id");
        pk = app.getString("keys.live.publishable_key");
        sk = app.getString("keys.live.secret_key");
    }

    ValidatableResponse settings(String collection, Map<String, ?> settings) {
        return Api.asTenantAdmin(tenant).body(settings).put("/api/v1/applications/" + appId + "/collections/" + collection).then();
    }

    String create(String collection, Map<String, ?> document) {
        return withKey(sk).body(document).post("/api/data/" + collection).then().statusCode(201).extract().path("data._id");
    }

    /** GET /api/data/{collection} with these query parameters. */
    static ValidatableResponse list(RequestSpecification caller, String collection, Map<String, ?> query) {
        return caller.queryParams(query).get("/api/data/" + collection).then();
    }

    ValidatableResponse list(String collection, Map<String, ?> query) {
        return list(withKey(sk), collection, query);
    }

    /** The values of {@code field} of the documents a query answers, in its order. */
    List<Object> values(String collection, String field, Map<String, ?> query) {
        return list(collection, query).statusCode(200).extract().jsonPath().getList("data." + field);
    }
}
