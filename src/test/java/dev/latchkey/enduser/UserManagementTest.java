package dev.latchkey.enduser;

import static dev.latchkey.support.EndUsers.withKey;
import static dev.latchkey.support.EndUsers.withUser;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.support.Api;
import dev.latchkey.support.Database;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CONTRACT section 13, user management: list and search, disable, sign out, delete with or without documents. */
@QuarkusTest
class UserManagementTest {

    @Inject
    Database database;

    private NewApplication app;

    @BeforeEach
    void newApplication() {
        app = NewApplication.create();
    }

    @Test
    void usersAreListedSearchedByEmailPrefixAndPaged() {
        String prefix = "find-" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            EndUsers.signup(app.publishableKey(), prefix + "-" + i + "@example.com", EndUsers.password());
        }
        EndUsers.signup(app.publishableKey());
        admin().get(users()).then().statusCode(200).body("data", hasSize(4));
        JsonPath first = admin().queryParam("email", prefix.toUpperCase()).queryParam("limit", 2).get(users()).then()
                .statusCode(200).body("data", hasSize(2)).body("next", not(nullValue()))
                .body("data[0].email_verified", equalTo(false)).body("data[0].disabled", equalTo(false))
                .body("data[0].methods", equalTo(List.of("email_password"))).body("data[0].mfa", equalTo(false))
                .body("data[0].last_sign_in_at", not(nullValue())).body("data[0]", not(org.hamcrest.Matchers.hasKey("password_hash")))
                .extract().jsonPath();
        admin().queryParam("email", prefix).queryParam("limit", 2).queryParam("after", first.getString("next")).get(users())
                .then().statusCode(200).body("data", hasSize(1)).body("next", nullValue());
        // a wildcard in the prefix is a character, not a pattern
        admin().queryParam("email", "%").get(users()).then().statusCode(200).body("data", hasSize(0));
        admin().queryParam("environment", "test").get(users()).then().statusCode(200).body("data", hasSize(0));
        admin().queryParam("environment", "prod").get(users()).then().statusCode(400).body("error", equalTo("invalid_request"));
        admin().queryParam("after", "nope").get(users()).then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void oneUserIsShownOnlyInItsOwnApplication() {
        String userId = EndUsers.signup(app.publishableKey()).getString("user.id");
        admin().get(users() + "/" + userId).then().statusCode(200).body("id", equalTo(userId));
        NewApplication other = NewApplication.create();
        Api.asTenantAdmin(other.tenant()).get("/api/v1/applications/" + other.id() + "/users/" + userId).then().statusCode(404);
        Api.asTenantAdmin(other.tenant()).get(users() + "/" + userId).then().statusCode(404);
    }

    @Test
    void disablingEndsEverySessionAndRefusesSignInsUntilEnabled() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath session = EndUsers.signup(app.publishableKey(), email, password);
        String userId = session.getString("user.id");
        admin().body(Map.of("disabled", true)).patch(users() + "/" + userId).then().statusCode(200).body("disabled", equalTo(true));
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        login(email, password).statusCode(403).body("error", equalTo("user_disabled"));
        admin().body(Map.of("disabled", false)).patch(users() + "/" + userId).then().statusCode(200).body("disabled", equalTo(false));
        login(email, password).statusCode(200);
        // the old session stays ended
        withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        assertEquals(2, database.count("select count(*) from audit_log where target = ? and action in ('user.disable', 'user.enable')",
                "user:" + userId));
    }

    @Test
    void badPatchesAreClientErrorsAndChangeNothing() {
        String userId = EndUsers.signup(app.publishableKey()).getString("user.id");
        admin().body(Map.of()).patch(users() + "/" + userId).then().statusCode(400).body("message", containsString("disabled"));
        admin().body(Map.of("disabled", "maybe")).patch(users() + "/" + userId).then().statusCode(400);
        admin().body("[]").patch(users() + "/" + userId).then().statusCode(400);
        admin().body(Map.of("disabled", true)).patch(users() + "/" + UUID.randomUUID()).then().statusCode(404);
        admin().get(users() + "/" + userId).then().statusCode(200).body("disabled", equalTo(false));
    }

    @Test
    void signOutEndsEverySessionButTheUserMaySignInAgain() {
        String email = EndUsers.email();
        String password = EndUsers.password();
        JsonPath one = EndUsers.signup(app.publishableKey(), email, password);
        JsonPath two = login(email, password).statusCode(200).extract().jsonPath();
        admin().post(users() + "/" + one.getString("user.id") + "/sign-out").then().statusCode(204);
        for (JsonPath session : List.of(one, two)) {
            withUser(app.publishableKey(), session.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        }
        login(email, password).statusCode(200);
    }

    @Test
    void deletingKeepsTheUsersDocumentsUnlessAskedToEraseThem() {
        JsonPath keeper = EndUsers.signup(app.publishableKey());
        JsonPath eraser = EndUsers.signup(app.publishableKey());
        admin().body(Map.of("rls_enabled", true, "read_access", "public"))
                .put("/api/v1/applications/" + app.id() + "/collections/notes").then().statusCode(200);
        for (JsonPath user : List.of(keeper, eraser)) {
            withUser(app.publishableKey(), user.getString("token")).body(Map.of("title", "mine")).post("/api/data/notes")
                    .then().statusCode(201);
        }
        admin().delete(users() + "/" + keeper.getString("user.id")).then().statusCode(204);
        admin().queryParam("documents", "delete").delete(users() + "/" + eraser.getString("user.id")).then().statusCode(204);
        assertEquals(1, owned(keeper));
        assertEquals(0, owned(eraser));
        admin().get(users() + "/" + keeper.getString("user.id")).then().statusCode(404);
        withUser(app.publishableKey(), keeper.getString("token")).get("/api/userAuth/me").then().statusCode(401);
        assertEquals(0, database.count("select count(*) from end_user_session where user_id = ?",
                UUID.fromString(keeper.getString("user.id"))));
        admin().queryParam("documents", "shred").delete(users() + "/" + UUID.randomUUID()).then().statusCode(400);
    }

    @Test
    void secretKeysNeedTheUsersPermissionAndReachOnlyTheirEnvironment() {
        EndUsers.signup(app.publishableKey());
        withKey(app.secretKey()).get(users()).then().statusCode(200).body("data", hasSize(1));
        withKey(app.secretKey()).queryParam("environment", "test").get(users()).then().statusCode(403);
        withKey(app.publishableKey()).get(users()).then().statusCode(403);
        String readOnly = Api.asTenantAdmin(app.tenant())
                .body(Map.of("name", "reader", "environment", "live", "permissions", Map.of("users", "read")))
                .post("/api/v1/applications/" + app.id() + "/keys").then().statusCode(201).extract().path("secret_key");
        String userId = EndUsers.signup(app.publishableKey()).getString("user.id");
        withKey(readOnly).get(users() + "/" + userId).then().statusCode(200);
        withKey(readOnly).body(Map.of("disabled", true)).patch(users() + "/" + userId).then().statusCode(403)
                .body("required_permission", equalTo("users:write"));
        withKey(readOnly).get(users()).then().statusCode(200).body("data.id", hasItems(userId));
    }

    private long owned(JsonPath user) {
        return database.count("select count(*) from document where owner_id = ?", UUID.fromString(user.getString("user.id")));
    }

    private io.restassured.response.ValidatableResponse login(String email, String password) {
        return withKey(app.publishableKey()).body(Map.of("email", email, "password", password)).post("/api/userAuth/login").then();
    }

    private RequestSpecification admin() {
        return Api.asTenantAdmin(app.tenant());
    }

    private String users() {
        return "/api/v1/applications/" + app.id() + "/users";
    }
}
