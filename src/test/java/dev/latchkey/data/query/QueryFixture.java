package dev.latchkey.data.query;

import static dev.latchkey.support.EndUsers.withKey;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.Api;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

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

    /**
     * {@code count} documents ({@code category}: c0 to c49, {@code score}: their number, {@code text})
     * written by the database's owner in one statement with triggers off: the storage-usage trigger
     * counts each row of an API write, and a few hundred thousand rows in one transaction would
     * update its one counter row as often.
     */
    static void seed(String appId, String collection, int count) throws SQLException {
        Config config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class), null);
                PreparedStatement insert = connection.prepareStatement("""
                        insert into document (id, application_id, environment, collection, owner_id, body, created_at, updated_at)
                        select gen_random_uuid(), ?::uuid, 'LIVE', ?, null,
                               jsonb_build_object('category', 'c' || (g % 50), 'score', g, 'text', md5(g::text)), now(), now()
                        from generate_series(1, ?) g""")) {
            connection.createStatement().execute("set session_replication_role = replica");
            insert.setString(1, appId);
            insert.setString(2, collection);
            insert.setInt(3, count);
            insert.execute();
        }
    }

    /** A value no PostgreSQL index entry can hold, even compressed. */
    static String incompressible() {
        byte[] random = new byte[6000];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
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
