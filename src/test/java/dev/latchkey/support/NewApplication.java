package dev.latchkey.support;

import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * A new tenant's new application: where most tests begin. Its live keys by name; the whole
 * creation answer (test keys, settings) as {@link #json()}.
 */
public record NewApplication(String tenant, String id, String publishableKey, String secretKey, JsonPath json) {

    public static NewApplication create() {
        return create(null);
    }

    /** With these fields in the creation request (name included). */
    public static NewApplication create(Map<String, ?> fields) {
        String tenant = Api.createTenant();
        JsonPath app = fields == null ? Api.createApplication(tenant) : Api.createApplication(tenant, fields);
        return new NewApplication(tenant, app.getString("id"), app.getString("keys.live.publishable_key"),
                app.getString("keys.live.secret_key"), app);
    }
}
