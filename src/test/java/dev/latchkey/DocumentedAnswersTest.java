package dev.latchkey;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.latchkey.support.ApiDescription;
import dev.latchkey.support.DocumentedAnswers;
import dev.latchkey.support.DocumentedAnswers.Exchange;

/** The suite-wide document check (SuiteFilters) finds drift: without this, a check that finds nothing proves nothing. */
class DocumentedAnswersTest {

    private static final DocumentedAnswers DOCUMENT = new DocumentedAnswers(ApiDescription.committed());
    private static final String KEY_SELF = """
            {"key_id":"0193a0b2-3333-7000-8000-000000000003","type":"sk","environment":"live","name":null}""";

    @Test
    void aDocumentedAnswerPasses() {
        assertThat(DOCUMENT.violations(selfAnswer(200, KEY_SELF, Map.of("ratelimit-remaining", "9"))), empty());
    }

    @Test
    void aFieldOfTheWrongTypeOrValueIsFound() {
        List<String> violations = DOCUMENT.violations(selfAnswer(200,
                """
                {"key_id":42,"type":"xk"}""", Map.of()));
        assertThat(violations, hasItem(containsString("key_id")));
        assertThat(violations, hasItem(containsString("type")));
    }

    @Test
    void anUndocumentedStatusMediaTypeOrHeaderIsFound() {
        assertThat(DOCUMENT.violations(selfAnswer(418, "{}", Map.of())),
                contains(containsString("status 418 is not documented")));
        Exchange text = new Exchange("GET", URI.create("http://localhost/api/v1/keys/self"), name -> null, null,
                200, "text/plain", Map.of(), "hello");
        assertThat(DOCUMENT.violations(text), contains(containsString("media type text/plain")));
        assertThat(DOCUMENT.violations(selfAnswer(200, KEY_SELF, Map.of("ratelimit-remaining", "many"))),
                contains(containsString("RateLimit-Remaining is not an integer")));
    }

    @Test
    void anUndocumentedRouteIsFoundUnlessItIsRefusedWithTheErrorBody() {
        Exchange answered = new Exchange("GET", URI.create("http://localhost/api/v1/secret-route"), name -> null,
                null, 200, "application/json", Map.of(), "{}");
        assertThat(DOCUMENT.violations(answered), contains(containsString("undocumented operation")));
        Exchange notFound = new Exchange("GET", URI.create("http://localhost/api/v1/secret-route"), name -> null,
                null, 404, "application/json", Map.of(), "{\"success\":false,\"error\":\"not_found\",\"message\":\"No route\"}");
        assertThat(DOCUMENT.violations(notFound), empty());
        Exchange bareRefusal = new Exchange("GET", URI.create("http://localhost/api/v1/secret-route"), name -> null,
                null, 404, "text/html", Map.of(), "<h1>Not found</h1>");
        assertThat(DOCUMENT.violations(bareRefusal), contains(containsString("undocumented operation")));
    }

    @Test
    void anAcceptedRequestMustCarryAValidBody() {
        Exchange wrongName = new Exchange("POST", URI.create("http://localhost/api/v1/applications"),
                name -> name.equalsIgnoreCase("Content-Type") ? "application/json" : null, "{\"name\":7}",
                201, "application/json", Map.of(), "{}");
        assertThat(DOCUMENT.violations(wrongName), contains(containsString("request /name: integer found")));
    }

    @Test
    void anAcceptedRequestMustCarryTheRequiredParameters() {
        DocumentedAnswers document = new DocumentedAnswers(ApiDescription.of("""
                openapi: 3.1.0
                paths:
                  /api/things:
                    get:
                      parameters:
                      - {name: X-Tenant, in: header, required: true, schema: {type: string}}
                      - {name: q, in: query, required: true, schema: {type: string}}
                      responses:
                        "204": {description: none}
                """));
        Exchange bare = new Exchange("GET", URI.create("http://localhost/api/things?qq=1"), name -> null, null, 204,
                null, Map.of(), "");
        assertThat(document.violations(bare), contains(containsString("header parameter X-Tenant"),
                containsString("query parameter q")));
        Exchange complete = new Exchange("GET", URI.create("http://localhost/api/things?q=1"), name -> "acme", null,
                204, null, Map.of(), "");
        assertThat(document.violations(complete), empty());
    }

    private static Exchange selfAnswer(int status, String body, Map<String, String> headers) {
        return new Exchange("GET", URI.create("http://localhost/api/v1/keys/self"), name -> null, null, status,
                "application/json", headers, body);
    }
}
