package dev.latchkey.data.query;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every operator of CONTRACT section 16, paths, $or, system fields, field selection and counts, on real documents. */
@QuarkusTest
class QueryOperatorsTest {

    private QueryFixture app;

    @BeforeEach
    void documents() {
        app = new QueryFixture();
        app.create("items", Map.of("title", "apple", "price", 3, "tags", List.of("fruit", "red"), "author", Map.of("id", "a1"), "status", "published"));
        app.create("items", Map.of("title", "banana", "price", 10, "tags", List.of("fruit"), "author", Map.of("id", "a2"), "status", "draft"));
        app.create("items", Map.of("title", "carrot", "price", 2.5, "tags", List.of("vegetable"), "author", Map.of("id", "a1"), "status", "published"));
        app.create("items", Map.of("title", "date", "price", "12", "status", "published"));
        app.create("items", Map.of("title", "egg", "tags", List.of(), "note", "Ünïcode 'quoted' -- ::text ->> x"));
    }

    private List<Object> titles(String where) {
        return app.values("items", "title", Map.of("where", where, "sort", "title"));
    }

    @Test
    void equalityAndInequality() {
        assertEquals(List.of("apple", "carrot", "date"), titles("{\"status\":\"published\"}"));
        assertEquals(List.of("apple", "carrot", "date"), titles("{\"status\":{\"$eq\":\"published\"}}"));
        assertEquals(List.of("banana", "egg"), titles("{\"status\":{\"$ne\":\"published\"}}"));
        // a missing field reads as null
        assertEquals(List.of("egg"), titles("{\"status\":null}"));
        assertEquals(List.of("apple"), titles("{\"status\":\"published\",\"price\":3}"));
        assertEquals(List.of("egg"), titles("{\"tags\":[]}"));
    }

    @Test
    void numbersCompareAsNumbersAndStringsAsStrings() {
        assertEquals(List.of("banana"), titles("{\"price\":{\"$gt\":3}}"));
        assertEquals(List.of("apple", "banana"), titles("{\"price\":{\"$gte\":3}}"));
        assertEquals(List.of("carrot"), titles("{\"price\":{\"$lt\":3}}"));
        assertEquals(List.of("apple", "carrot"), titles("{\"price\":{\"$lte\":3}}"));
        // "12" is a string: only string bounds reach it
        assertEquals(List.of("date"), titles("{\"price\":{\"$gt\":\"1\"}}"));
        assertEquals(List.of("carrot", "date", "egg"), titles("{\"title\":{\"$gte\":\"carrot\"}}"));
        assertEquals(List.of("apple", "carrot"), titles("{\"price\":{\"$gt\":2,\"$lt\":5}}"));
    }

    @Test
    void listsExistenceContainmentAndPrefixes() {
        assertEquals(List.of("apple", "egg"), titles("{\"title\":{\"$in\":[\"apple\",\"egg\",\"fig\"]}}"));
        assertEquals(List.of("banana", "carrot", "date"), titles("{\"title\":{\"$nin\":[\"apple\",\"egg\"]}}"));
        assertEquals(List.of(), titles("{\"title\":{\"$in\":[]}}"));
        assertEquals(List.of("egg"), titles("{\"note\":{\"$exists\":true}}"));
        assertEquals(List.of("date", "egg"), titles("{\"author\":{\"$exists\":false}}"));
        assertEquals(List.of("apple", "banana"), titles("{\"tags\":{\"$contains\":\"fruit\"}}"));
        assertEquals(List.of(), titles("{\"title\":{\"$contains\":\"apple\"}}"));
        assertEquals(List.of("banana"), titles("{\"title\":{\"$prefix\":\"ban\"}}"));
        assertEquals(List.of("egg"), titles("{\"note\":{\"$prefix\":\"Ünï\"}}"));
    }

    @Test
    void pathsAndOr() {
        assertEquals(List.of("apple", "carrot"), titles("{\"author.id\":\"a1\"}"));
        assertEquals(List.of("banana", "date", "egg"), titles("{\"author.id\":{\"$ne\":\"a1\"}}"));
        assertEquals(List.of("banana", "carrot"), titles("{\"$or\":[{\"price\":{\"$lt\":3}},{\"status\":\"draft\"}]}"));
        assertEquals(List.of("carrot"), titles("{\"author.id\":\"a1\",\"$or\":[{\"price\":{\"$lt\":3}},{\"status\":\"draft\"}]}"));
    }

    @Test
    void systemFields() {
        List<Object> ids = app.values("items", "_id", Map.of());
        assertEquals(List.of("banana"), titles("{\"_id\":\"" + ids.get(1) + "\"}"));
        assertEquals(5, titles("{\"_owner\":null}").size());
        String created = app.list("items", Map.of()).extract().path("data[2]._created_at");
        assertEquals(List.of("apple", "banana"), titles("{\"_created_at\":{\"$lt\":\"" + created + "\"}}"));
        app.list("items", Map.of("where", "{\"_created_at\":{\"$lt\":\"yesterday\"}}")).statusCode(400)
                .body("error", equalTo("invalid_request")).body("message", containsString("_created_at"));
        app.list("items", Map.of("where", "{\"_id\":\"not-a-uuid\"}")).statusCode(400).body("message", containsString("_id"));
        for (String outOfRange : List.of("0000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "+294277-01-01T00:00:00Z")) {
            app.list("items", Map.of("where", "{\"_updated_at\":{\"$gt\":\"" + outOfRange + "\"}}")).statusCode(400)
                    .body("message", containsString("years 1 to 9999"));
        }
        app.list("items", Map.of("where", "{\"_id\":{\"$prefix\":\"0\"}}")).statusCode(400).body("message", containsString("$prefix"));
    }

    @Test
    void sortsFieldsAndCounts() {
        assertEquals(List.of("apple", "carrot", "date", "banana", "egg"),
                app.values("items", "title", Map.of("sort", "-status,title")));
        assertEquals(List.of("egg", "date", "carrot", "banana", "apple"), app.values("items", "title", Map.of("sort", "-_created_at")));
        var page = app.list("items", Map.of("fields", "title,_created_at", "where", "{\"title\":\"apple\"}", "count", "true"))
                .statusCode(200).extract().jsonPath();
        assertEquals(Map.of("_id", page.getString("data[0]._id"), "title", "apple", "_created_at", page.getString("data[0]._created_at")),
                page.getMap("data[0]"));
        assertEquals(1, page.getInt("count"));
        assertEquals(false, page.getBoolean("count_estimated"));
        app.list("items", Map.of("where", "{\"status\":\"published\"}", "count", "true", "limit", "1")).statusCode(200)
                .body("count", equalTo(3)).body("data.size()", equalTo(1));
        app.list("items", Map.of("fields", "_id")).statusCode(200).body("data[0].keySet()", equalTo(java.util.Set.of("_id")));
    }

    @Test
    void theConsoleQueriesTheSameWayWithAnAdminToken() {
        String path = "/api/v1/applications/" + app.appId + "/collections/items/documents";
        Api.asTenantAdmin(app.tenant).queryParams(Map.of("where", "{\"status\":\"published\"}", "sort", "-title", "count", "true"))
                .get(path).then().statusCode(200).body("data.title", equalTo(List.of("date", "carrot", "apple"))).body("count", equalTo(3));
        Api.asTenantAdmin(app.tenant).queryParam("environment", "test").get(path).then().statusCode(200).body("data", equalTo(List.of()));
        Api.asTenantAdmin(app.tenant).queryParam("environment", "moon").get(path).then().statusCode(400);
        Api.asTenantAdmin(app.tenant).queryParam("where", "{").get(path).then().statusCode(400).body("message", containsString("where"));
        Api.asTenantAdmin(Api.createTenant()).get(path).then().statusCode(404);
    }
}
