package dev.latchkey.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** What every answer to hostile or broken input must look like, whatever the input was. */
public final class ContractAnswers {

    /** Traces of internals that must never reach a client. */
    private static final List<String> INTERNALS = List.of("Exception", "\tat ", "java.", "jakarta.", "dev.latchkey",
            "io.quarkus", "io.vertx", "org.hibernate", "com.fasterxml", "org.postgresql", "SQL", "Caused by");

    private ContractAnswers() {
    }

    /**
     * Never a 5xx; an error is the contract's body ({@code success: false}, a snake-case code and
     * a message); no answer carries a stack trace or a class name. Answers the status.
     */
    public static int assertWellFormed(Response response, String what) {
        int status = response.statusCode();
        String body = response.asString();
        assertTrue(status < 500, what + " answered " + status + ": " + body);
        for (String internal : INTERNALS) {
            assertFalse(body.contains(internal), what + " leaked '" + internal + "': " + body);
        }
        if (status >= 400) {
            assertTrue(response.contentType().startsWith("application/json"), what + " answered " + status + " as " + response.contentType());
            JsonPath json = JsonPath.from(body);
            assertEquals(Boolean.FALSE, json.get("success"), what + ": " + body);
            assertTrue(json.getString("error").matches("[a-z_]+"), what + ": " + body);
            assertFalse(json.getString("message").isBlank(), what + ": " + body);
        }
        return status;
    }

    /** As {@link #assertWellFormed}, and a client error of the given code. */
    public static void assertRefused(Response response, int status, String error, String what) {
        assertWellFormed(response, what);
        assertEquals(status, response.statusCode(), what + ": " + response.asString());
        assertEquals(error, response.jsonPath().getString("error"), what + ": " + response.asString());
    }
}
