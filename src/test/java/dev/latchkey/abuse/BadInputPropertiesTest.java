package dev.latchkey.abuse;

import static dev.latchkey.support.ContractAnswers.assertRefused;
import static dev.latchkey.support.ContractAnswers.assertWellFormed;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.latchkey.support.AdminTokens;
import dev.latchkey.support.Api;
import dev.latchkey.support.EndUsers;
import dev.latchkey.support.NewApplication;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generated hostile input on every surface a client controls: key strings, header values, JSON
 * bodies, collection names, query parameters and path segments. Whatever comes in, the answer is
 * never a 5xx, never shows internals, and every error is the contract's body. A failing example is
 * shrunk to the smallest input that still fails, and reported with the seed that replays it.
 */
@QuarkusTest
class BadInputPropertiesTest {

    private static final int EXAMPLES = 150;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private String documentId;

    private NewApplication own;

    @BeforeEach
    void application() {
        own = NewApplication.create();
        documentId = EndUsers.withKey(own.secretKey()).body(Map.of("title", "seed")).post("/api/data/notes")
                .then().statusCode(201).extract().path("data._id");
    }

    /** Header-safe text: printable ASCII and Latin-1, which any HTTP client can send as a value. */
    private static Gen<String> headerText(int maxLength) {
        return Generate.oneOf(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, maxLength),
                strings().betweenCodePoints(0xa0, 0xff).ofLengthBetween(1, maxLength));
    }

    /** Texts known to break parsers, databases and templates. */
    private static final List<String> NASTY = List.of("\u0000", "a\u0000b", "\\", "'", "' or 1=1 --", "\r\n", "../..", "%00",
            "%2e%2e%2f", "\ufeff", "\u202e", "\ud835\udd4f", "\ud800", "${jndi:ldap://x}", "{{7*7}}", "<script>", "9".repeat(400),
            "-9223372036854775809", "NaN", "null", "true", "[]", "\t\u000b\f");

    /** Anything, including control characters, emoji and the nasty texts, for bodies and paths. */
    private static Gen<String> anyText(int maxLength) {
        Gen<String> nasty = Generate.pick(NASTY);
        return Generate.oneOf(strings().allPossible().ofLengthBetween(0, maxLength),
                strings().betweenCodePoints(0, 0x7f).ofLengthBetween(0, maxLength),
                strings().betweenCodePoints(0x1f600, 0x1f64f).ofLengthBetween(1, 8),
                nasty, nasty.zip(strings().betweenCodePoints(0x20, 0x7e).ofLengthBetween(0, 10), String::concat));
    }

    /** Strings shaped like keys: a real prefix (or a near miss) and a body of any characters. */
    private static Gen<String> keyLike() {
        Gen<String> prefix = Generate.pick(List.of("", "pk_live_", "pk_test_", "sk_live_", "sk_test_", "sk_", "pk_live", "sk_prod_", "Bearer "));
        Gen<String> body = Generate.oneOf(headerText(80), strings().betweenCodePoints('0', 'z').ofLengthBetween(20, 60));
        return prefix.zip(body, String::concat);
    }

    @Test
    void anyKeyStringIsACleanRefusal() {
        qt().withExamples(EXAMPLES).forAll(keyLike(), Generate.pick(List.of("self", "identify", "data", "bearer")))
                .checkAssert((key, where) -> {
                    Response response = switch (where) {
                        case "self" -> given().header("x-api-key", key).get("/api/v1/keys/self");
                        case "identify" -> given().contentType(ContentType.JSON).body(Map.of("publishable_key", key))
                                .post("/api/v1/auth/identify");
                        case "data" -> given().header("x-api-key", key).get("/api/data/notes");
                        default -> given().header("Authorization", "Bearer " + key).get("/api/v1/keys/self");
                    };
                    int status = assertWellFormed(response, where + " with key '" + key + "'");
                    assertEquals(true, status == 400 || status == 401, where + " with '" + key + "' answered " + status);
                });
    }

    @Test
    void aValidKeyWithOneCharacterChangedIsAnInvalidKey() {
        Gen<Integer> position = integers().between(8, own.secretKey().length() - 1);
        Gen<Character> replacement = integers().between(0, BASE62.length() - 1).map(BASE62::charAt);
        qt().withExamples(EXAMPLES).forAll(Generate.pick(List.of(own.secretKey(), own.publishableKey())), position, replacement)
                .assuming((key, at, c) -> key.charAt(at) != c)
                .checkAssert((key, at, c) -> {
                    String altered = key.substring(0, at) + c + key.substring(at + 1);
                    assertRefused(given().header("x-api-key", altered).get("/api/v1/keys/self"), 401, "invalid_api_key",
                            "a key altered at " + at);
                });
    }

    @Test
    void anyValueInTheHeadersAClientSetsIsHandled() {
        Gen<String> header = Generate.pick(List.of("Origin", "X-Tenant", "Content-Type", "If-None-Match", "Accept",
                "Sec-Fetch-Mode", "X-Forwarded-For", "Authorization"));
        qt().withExamples(EXAMPLES).forAll(header, headerText(120), Generate.pick(List.of("self", "identify", "data", "admin")))
                .checkAssert((name, value, where) -> {
                    RequestSpecification request = given().header(name, value);
                    Response response = switch (where) {
                        case "self" -> request.header("x-api-key", own.secretKey()).get("/api/v1/keys/self");
                        case "identify" -> request.header("x-api-key", own.publishableKey()).body("{}".getBytes(StandardCharsets.UTF_8))
                                .post("/api/v1/auth/identify");
                        case "data" -> request.header("x-api-key", own.publishableKey()).get("/api/data/notes");
                        default -> request.auth().oauth2(AdminTokens.tenantAdmin(own.tenant()))
                                .get("/api/v1/applications/" + own.id());
                    };
                    assertWellFormed(response, where + " with " + name + ": '" + value + "'");
                });
    }

    /** JSON-ish text: real JSON tokens in random order, with numbers, escapes and text that PostgreSQL or Jackson dislike. */
    private static Gen<String> jsonish() {
        Gen<String> token = Generate.pick(List.of("{", "}", "[", "]", ",", ":", "\"a\"", "\"_id\"", "\"name\"", "1", "-0",
                "1e999", "-1e-999", "123456789012345678901234567890", "true", "null", "\"\\u0000\"", "\"\\ud800\"", "\"x\"",
                "NaN", "'", "\\", " ", "\"title\"", "\"email\"", "\"permissions\""));
        return lists().of(token).ofSizeBetween(0, 40).map(tokens -> String.join("", tokens));
    }

    /** Well-formed objects whose fields have random names and values of every JSON type. */
    private static Gen<String> objects() {
        Gen<String> name = Generate.pick(List.of("name", "environment", "permissions", "rate_limit", "scopes", "email",
                "password", "rls_enabled", "read_access", "key", "publishable_key", "title", "allowed_origins",
                "grace_period_seconds", "expires_at", "branding", "_owner", "tenant_id", "id"));
        Gen<String> value = Generate.oneOf(anyText(30).map(BadInputPropertiesTest::quoted),
                integers().all().map(n -> String.valueOf(n)), Generate.pick(List.of("true", "null", "[]", "{}", "[1,\"a\",null]",
                        "{\"a\":{\"b\":[]}}", "1.5e308", "-1", "\"2026-13-45T99:00:00Z\"", "\"read_only\"", "\"live\"", "\"test\"")));
        return lists().of(name.zip(value, (n, v) -> quoted(n) + ":" + v)).ofSizeBetween(0, 6)
                .map(pairs -> "{" + String.join(",", pairs) + "}");
    }

    @Test
    void anyBodyOnAnyJsonEndpointIsHandled() {
        qt().withExamples(EXAMPLES * 3).forAll(Generate.oneOf(jsonish(), objects()), integers().between(0, 8))
                .checkAssert((body, endpoint) -> {
                    Response response = jsonEndpoint(endpoint, body);
                    assertWellFormed(response, "endpoint " + endpoint + " with body " + body);
                });
    }

    /** Found by the property above: a repeated property in a record body was a 500. Each body repeats a field its endpoint knows, first. */
    @Test
    void aFieldGivenTwiceIsRefused() {
        List<String> repeated = List.of("name", "name", "name", "rls_enabled", "title", "title", "email", "key", "publishable_key");
        for (int endpoint = 0; endpoint <= 8; endpoint++) {
            String field = repeated.get(endpoint);
            String value = field.equals("rls_enabled") ? "true" : field.equals("email") ? "\"a@example.com\"" : "\"a\"";
            Response response = jsonEndpoint(endpoint, "{\"" + field + "\":" + value + ",\"" + field + "\":" + value + "}");
            assertRefused(response, 400, "invalid_request", "endpoint " + endpoint);
            if (endpoint != 4 && endpoint != 5) {
                // the data API's documents are read by DocumentJson, which says so in its own words
                assertEquals("field '" + field + "' is given more than once", response.jsonPath().getString("message"), "endpoint " + endpoint);
            }
        }
    }

    private Response jsonEndpoint(int endpoint, String body) {
        RequestSpecification admin = Api.asTenantAdmin(own.tenant()).body(body);
        RequestSpecification secret = EndUsers.withKey(own.secretKey()).body(body);
        return switch (endpoint) {
            case 0 -> admin.post("/api/v1/applications");
            case 1 -> admin.patch("/api/v1/applications/" + own.id());
            case 2 -> admin.post("/api/v1/applications/" + own.id() + "/keys");
            case 3 -> admin.put("/api/v1/applications/" + own.id() + "/collections/notes");
            case 4 -> secret.post("/api/data/notes");
            case 5 -> secret.patch("/api/data/notes/" + documentId);
            case 6 -> EndUsers.withKey(own.publishableKey()).body(body).post("/api/userAuth/signup");
            case 7 -> secret.post("/api/v1/keys/verify");
            default -> given().contentType(ContentType.JSON).body(body).post("/api/v1/auth/identify");
        };
    }

    @Test
    void anyCollectionNameIsHandled() {
        qt().withExamples(EXAMPLES).forAll(anyText(70), Generate.pick(List.of("GET", "POST", "PUT")))
                .checkAssert((name, method) -> {
                    RequestSpecification request = EndUsers.withKey(own.secretKey()).body("{\"a\":1}").urlEncodingEnabled(false);
                    Response response = switch (method) {
                        case "GET" -> request.get("/api/data/" + segment(name));
                        case "POST" -> request.post("/api/data/" + segment(name));
                        default -> Api.asTenantAdmin(own.tenant()).body(Map.of("rls_enabled", true, "read_access", "owner"))
                                .urlEncodingEnabled(false).put("/api/v1/applications/" + own.id() + "/collections/" + segment(name));
                    };
                    int status = assertWellFormed(response, method + " collection '" + name + "'");
                    if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
                        assertEquals(true, status == 400 || status == 403 || status == 404,
                                "collection '" + name + "' answered " + status);
                    }
                });
    }

    @Test
    void anyQueryParameterIsHandled() {
        Gen<String> value = Generate.oneOf(anyText(40), integers().all().map(n -> String.valueOf(n)),
                Generate.pick(List.of("1000000", "0", "-1", "201", "9223372036854775808", "2026-02-30", "1e3", "")));
        Gen<String> parameter = Generate.pick(List.of("limit", "after", "from", "to"));
        qt().withExamples(EXAMPLES).forAll(parameter, value, Generate.pick(List.of("data", "applications", "usage", "audit", "keys")))
                .checkAssert((name, v, where) -> {
                    Response response = switch (where) {
                        case "data" -> EndUsers.withKey(own.publishableKey()).queryParam(name, v).get("/api/data/notes");
                        case "applications" -> Api.asTenantAdmin(own.tenant()).queryParam(name, v).get("/api/v1/applications");
                        case "usage" -> Api.asTenantAdmin(own.tenant()).queryParam(name, v).get("/api/v1/applications/" + own.id() + "/usage");
                        case "audit" -> Api.asTenantAdmin(own.tenant()).queryParam(name, v).get("/api/v1/applications/" + own.id() + "/audit-log");
                        default -> Api.asTenantAdmin(own.tenant()).queryParam(name, v).get("/api/v1/applications/" + own.id() + "/keys");
                    };
                    assertWellFormed(response, where + "?" + name + "=" + v);
                });
    }

    @Test
    void anyPathSegmentIsHandled() {
        Gen<String> template = Generate.pick(List.of("/api/v1/applications/%s", "/api/v1/applications/%s/keys",
                "/api/v1/applications/%s/usage", "/api/data/notes/%s", "/api/v1/settings/applications/%s/rotate-secret",
                "/api/v1/%s", "/api/%s/self", "/%s"));
        Gen<String> segments = anyText(50).map(text -> text.isEmpty() ? "-" : text);
        qt().withExamples(EXAMPLES).forAll(template, segments, Generate.pick(List.of("GET", "DELETE", "PATCH", "HEAD", "OPTIONS")))
                .checkAssert((path, segment, method) -> {
                    RequestSpecification request = path.startsWith("/api/data")
                            ? EndUsers.withKey(own.secretKey()).body("{}")
                            : Api.asTenantAdmin(own.tenant()).body("{}");
                    Response response = request.urlEncodingEnabled(false).request(method, path.formatted(segment(segment)));
                    if (!method.equals("HEAD")) {
                        assertWellFormed(response, method + " " + path + " with '" + segment + "'");
                    }
                    assertEquals(true, response.statusCode() < 500, method + " " + path + " with '" + segment + "'");
                });
    }

    /** A path segment as a client library would send it: percent-encoded UTF-8. */
    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String quoted(String text) {
        StringBuilder json = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                json.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", c));
            } else {
                json.appendCodePoint(c);
            }
        });
        return json.append('"').toString();
    }
}
