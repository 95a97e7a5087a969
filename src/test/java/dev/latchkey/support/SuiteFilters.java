package dev.latchkey.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import tools.jackson.databind.ObjectMapper;

/**
 * The REST Assured filters every test's requests pass through, installed once per class loader by the
 * first helper a test uses: {@link MintedSecrets} collects secrets, and the document check fails the
 * test whose exchange drifts from {@code docs/openapi.yaml}.
 */
public final class SuiteFilters {

    static {
        RestAssured.filters(new MintedSecrets.Collector(), new DocumentCheck());
    }

    private SuiteFilters() {
    }

    /** Installs the filters (on first use of this class): call before the first request of a test run. */
    public static void install() {
    }

    private static final class DocumentCheck implements Filter {
        private static final DocumentedAnswers DOCUMENT = new DocumentedAnswers(ApiDescription.committed());
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            Response answer = context.next(request, response);
            Map<String, String> headers = new HashMap<>();
            for (Header header : answer.getHeaders()) {
                headers.putIfAbsent(header.getName().toLowerCase(Locale.ROOT), header.getValue());
            }
            List<String> violations = DOCUMENT.violations(new DocumentedAnswers.Exchange(request.getMethod(),
                    URI.create(request.getURI()), name -> headerOf(request, name), bodyOf(request.getBody()),
                    answer.getStatusCode(), answer.getContentType(), headers, answer.asString()));
            if (!violations.isEmpty()) {
                throw new AssertionError("the exchange differs from docs/openapi.yaml:\n  "
                        + String.join("\n  ", violations));
            }
            return answer;
        }

        private static String headerOf(FilterableRequestSpecification request, String name) {
            return "Content-Type".equalsIgnoreCase(name) ? request.getContentType() : request.getHeaders().getValue(name);
        }

        private static String bodyOf(Object body) {
            return switch (body) {
                case null -> null;
                case String text -> text;
                case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
                default -> JSON.writeValueAsString(body);
            };
        }
    }
}
