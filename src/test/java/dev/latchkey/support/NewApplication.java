package dev.latchkey.support;

import io.restassured.path.json.JsonPath;

/** A new tenant's new application and its live keys: where most tests begin. */
public record NewApplication(String tenant, String id, String publishableKey, String secretKey) {

    public static NewApplication create() {
        String tenant = Api.createTenant();
        JsonPath app = Api.createApplication(tenant);
        return new NewApplication(tenant, app.getString("id"), app.getString("keys.live.publishable_key"),
                app.getString("keys.live.secret_key"));
    }
}
