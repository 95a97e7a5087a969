package dev.latchkey.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** End users signed up through the public API; every password and token is remembered as a secret. */
public final class EndUsers {

    static {
        SuiteFilters.install();
    }

    private EndUsers() {
    }

    /** A fresh, unique password (and remembered, so the log check looks for it). */
    public static String password() {
        return MintedSecrets.remember("pw-" + UUID.randomUUID());
    }

    public static String email() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Signs a new user up with the key; answers the whole 201 body. */
    public static JsonPath signup(String key) {
        return signup(key, email(), password());
    }

    public static JsonPath signup(String key, String email, String password) {
        JsonPath session = withKey(key).body(Map.of("email", email, "password", password))
                .post("/api/userAuth/signup").then().statusCode(201).extract().jsonPath();

        return session;
    }

    /** A request carrying the API key in x-api-key, as a browser app sends it. */
    public static RequestSpecification withKey(String key) {
        return given().header("x-api-key", key).contentType(ContentType.JSON);
    }

    /** A request carrying the API key and the end user's token. */
    public static RequestSpecification withUser(String key, String token) {
        return withKey(key).header("Authorization", "Bearer " + token);
    }
}
