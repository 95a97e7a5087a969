package dev.latchkey.data;

import static dev.latchkey.support.EndUsers.withKey;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import dev.latchkey.support.Database;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every malformed write is a 400 (or 413) in the contract's body, and nothing is stored. */
@QuarkusTest
class DocumentValidationTest {

    @Inject
    Database database;

    private NewApplication app;
    private String sk;
    private String existing;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
        sk = app.secretKey();
        existing = withKey(sk).body(Map.of("a", 1)).post("/api/data/things").then().statusCode(201).extract().path("data._id");
    }

    private ValidatableResponse post(String collection, String body) {
        return withKey(sk).body(body).post("/api/data/" + collection).then();
    }

    private static void invalid(ValidatableResponse response, String messagePart) {
        response.statusCode(400).body("success", equalTo(false)).body("error", equalTo("invalid_request"))
                .body("message", containsString(messagePart))
                .body("message", not(containsString("Exception")));
    }

    private void nothingNewStored() {
        assertEquals(1, database.count("select count(*) from document where application_id = ?::uuid", app.id()));
        assertEquals(1, database.count("select count(*) from collection where application_id = ?::uuid", app.id()));
        withKey(sk).get("/api/data/things/" + existing).then().statusCode(200).body("data.a", equalTo(1));
    }

    @Test
    void badCollectionNames() throws Exception {
        for (String name : new String[] {"Posts", "1posts", "_posts", "po-sts", "p".repeat(64), "caf%C3%A9"}) {
            invalid(post(name, "{\"a\": 1}"), "collection names");
            invalid(withKey(sk).get("/api/data/" + name).then(), "collection names");
        }
        post("p".repeat(63), "{\"a\": 1}").statusCode(201);
        database.execute("delete from collection where application_id = ?::uuid and name = ?", app.id(), "p".repeat(63));
        nothingNewStored();
    }

    @Test
    void bodiesMustBeJsonObjects() {
        invalid(post("things", "[1, 2]"), "JSON object");
        invalid(post("things", "\"text\""), "JSON object");
        invalid(post("things", "42"), "JSON object");
        invalid(post("things", "null"), "JSON object");
        invalid(post("things", "{\"a\": "), "malformed JSON");
        invalid(post("things", "{\"a\": 1} {\"b\": 2}"), "malformed JSON");
        invalid(post("things", ""), "JSON object");
        invalid(withKey(sk).body("{\"a\": [1, 2").patch("/api/data/things/" + existing).then(), "malformed JSON");
        invalid(withKey(sk).body("[]").put("/api/data/things/" + existing).then(), "JSON object");
        nothingNewStored();
    }

    @Test
    void duplicateKeysNulCharactersAndInfiniteNumbersAreRefused() {
        invalid(post("things", "{\"a\": 1, \"a\": 2}"), "malformed JSON");
        invalid(post("things", "{\"a\": \"x\\u0000y\"}"), "NUL");
        invalid(post("things", "{\"a\\u0000\": 1}"), "NUL");
        invalid(post("things", "{\"a\": [{\"b\": \"\\u0000\"}]}"), "NUL");
        invalid(post("things", "{\"a\": 1e999}"), "finite");
        nothingNewStored();
    }

    @Test
    void systemFieldsCannotBeWritten() {
        for (String field : new String[] {"_id", "_owner", "_created_at", "_updated_at", "_anything"}) {
            invalid(post("things", "{\"" + field + "\": \"x\", \"a\": 2}"), "fields starting with _");
            invalid(withKey(sk).body("{\"" + field + "\": \"x\"}").patch("/api/data/things/" + existing).then(), "fields starting with _");
            invalid(withKey(sk).body("{\"" + field + "\": \"x\"}").put("/api/data/things/" + existing).then(), "fields starting with _");
        }
        // nested fields are the client's own
        post("things", "{\"meta\": {\"_id\": \"client's\"}}").statusCode(201).body("data.meta._id", equalTo("client's"));
    }

    @Test
    void nestingIsBoundedAt32Levels() {
        String deep = "{\"a\": ".repeat(32) + "1" + "}".repeat(32);
        post("things", deep).statusCode(201);
        String tooDeep = "{\"a\": ".repeat(33) + "1" + "}".repeat(33);
        invalid(post("things", tooDeep), "nested at most 32");
        String arrays = "{\"a\": " + "[".repeat(40) + "]".repeat(40) + "}";
        invalid(post("things", arrays), "nested at most 32");
        assertEquals(2, database.count("select count(*) from document where application_id = ?::uuid", app.id()));
    }

    @Test
    void documentsAreAtMost256KiB() {
        String fits = "{\"a\": \"" + "x".repeat(256 * 1024 - 12) + "\"}";
        post("things", fits).statusCode(201);
        String tooLarge = "{\"a\": \"" + "x".repeat(256 * 1024) + "\"}";
        post("things", tooLarge).statusCode(413).body("error", equalTo("invalid_request"))
                .body("message", equalTo("documents may be at most 256 KiB"));
        // a merge that would outgrow the limit is refused too, and the stored document stays
        withKey(sk).body("{\"b\": \"" + "y".repeat(200 * 1024) + "\"}").patch("/api/data/things/" + existing).then().statusCode(200);
        withKey(sk).body("{\"c\": \"" + "z".repeat(100 * 1024) + "\"}").patch("/api/data/things/" + existing).then().statusCode(413);
        withKey(sk).get("/api/data/things/" + existing).then().statusCode(200).body("data.a", equalTo(1))
                .body("data", not(hasKey("c")));
    }
}
