package dev.latchkey.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * Checks one exchange against the committed OpenAPI document, as Prism's proxy does: the operation
 * and its status are documented, the answer's body has the documented media type and matches its
 * schema, documented headers hold their type; and a request the service accepted (2xx) carries the
 * required parameters and a body matching the request schema. A refused request is not checked
 * (the suite sends bad ones on purpose), but its answer is.
 */
public final class DocumentedAnswers {

    private static final String ERROR_SCHEMA = "/components/schemas/Error";

    private final ApiDescription description;

    public DocumentedAnswers(ApiDescription description) {
        this.description = description;
    }

    public record Exchange(String method, URI uri, Function<String, String> requestHeader, String requestBody,
            int status, String contentType, Map<String, String> responseHeaders, String responseBody) {
    }

    public List<String> violations(Exchange exchange) {
        String path = exchange.uri().getPath();
        if (!isContract(exchange, path)) {
            return List.of();
        }
        // HEAD is GET without the body (RFC 9110): the document describes GET
        String method = "HEAD".equals(exchange.method()) ? "GET" : exchange.method();
        Optional<ApiDescription.Operation> operation = description.operation(method, path);
        if (operation.isEmpty() && "HEAD".equals(exchange.method()) && exchange.status() >= 400 && exchange.status() < 500) {
            return List.of(); // a refusal without the body HEAD never carries
        }
        if (operation.isEmpty()) {
            // no route there: any refusal in the contract's error body is right; anything else is an undocumented operation
            boolean refused = exchange.status() >= 400 && exchange.status() < 500
                    && isJson(mediaType(exchange.contentType())) && exchange.responseBody() != null
                    && description.check(ERROR_SCHEMA, exchange.responseBody()).isEmpty();
            return refused ? List.of() : List.of("undocumented operation " + exchange.method() + " " + path + " answered "
                    + exchange.status());
        }
        List<String> found = new ArrayList<>();
        checkResponse(operation.get(), exchange, found);
        if (exchange.status() / 100 == 2) {
            checkRequest(operation.get(), exchange, found);
        }
        return found.stream().map(v -> exchange.method() + " " + path + " -> " + exchange.status() + ": " + v).toList();
    }

    /**
     * What the document describes. Not: the console, health and metrics; the benchmark's own routes
     * (off in production); OPTIONS, which the CORS layer (preflights) and JAX-RS (Allow) answer for
     * any path; and the HTTP decoder's 414 and 431, sent before any route is chosen
     * (docs/RELIABILITY.md).
     */
    private static boolean isContract(Exchange exchange, String path) {
        boolean described = path.startsWith("/api/") || path.startsWith("/.well-known/");
        boolean benchmark = path.startsWith("/api/v1/ping");
        boolean options = "OPTIONS".equals(exchange.method());
        boolean decoder = exchange.status() == 414 || exchange.status() == 431;
        return described && !benchmark && !options && !decoder;
    }

    private void checkResponse(ApiDescription.Operation operation, Exchange exchange, List<String> found) {
        Optional<String> pointer = description.responsePointer(operation, exchange.status());
        if (pointer.isEmpty()) {
            found.add("status " + exchange.status() + " is not documented");
            return;
        }
        JsonNode response = description.at(pointer.get());
        String body = exchange.responseBody() == null ? "" : exchange.responseBody();
        JsonNode content = response.get("content");
        if (content == null || content.isEmpty()) {
            if (!body.isEmpty()) {
                found.add("a body is sent where the document describes none");
            }
        } else if (!body.isEmpty()) {
            String mediaType = mediaType(exchange.contentType());
            if (!content.has(mediaType)) {
                found.add("media type " + mediaType + " is not documented (" + content.propertyNames() + ")");
            } else if (isJson(mediaType) && content.get(mediaType).has("schema")) {
                String schema = pointer.get() + "/content/" + ApiDescription.escape(mediaType) + "/schema";
                found.addAll(description.check(schema, body));
            }
        } else if (!"HEAD".equals(exchange.method())) {
            found.add("no body where the document describes " + content.propertyNames());
        }
        JsonNode headers = response.get("headers");
        if (headers != null) {
            headers.propertyNames().forEach(name -> {
                String value = exchange.responseHeaders().get(name.toLowerCase(Locale.ROOT));
                JsonNode declared = headers.get(name);
                if (value == null) {
                    if (declared.path("required").asBoolean(false)) {
                        found.add("required header " + name + " is missing");
                    }
                } else if ("integer".equals(declared.path("schema").path("type").asString(""))
                        && !value.matches("-?\\d+")) {
                    found.add("header " + name + " is not an integer: " + value);
                }
            });
        }
    }

    private void checkRequest(ApiDescription.Operation operation, Exchange exchange, List<String> found) {
        String query = exchange.uri().getRawQuery() == null ? "" : "&" + exchange.uri().getRawQuery();
        JsonNode parameters = operation.node().path("parameters");
        for (JsonNode declared : parameters) {
            if (!declared.path("required").asBoolean(false)) {
                continue;
            }
            String name = declared.path("name").asString();
            boolean present = switch (declared.path("in").asString()) {
                case "header" -> exchange.requestHeader().apply(name) != null;
                case "query" -> query.contains("&" + name + "=");
                default -> true;
            };
            if (!present) {
                found.add("required " + declared.path("in").asString() + " parameter " + name + " was not sent");
            }
        }
        JsonNode requestBody = operation.node().get("requestBody");
        String body = exchange.requestBody();
        if (requestBody == null || body == null || body.isEmpty()) {
            return;
        }
        String mediaType = mediaType(exchange.requestHeader().apply("Content-Type"));
        JsonNode content = requestBody.path("content");
        if (!content.has(mediaType)) {
            found.add("request media type " + mediaType + " is not documented");
        } else if (isJson(mediaType) && content.get(mediaType).has("schema")) {
            String schema = operation.pointer() + "/requestBody/content/" + ApiDescription.escape(mediaType) + "/schema";
            found.addAll(description.check(schema, body).stream().map(v -> "request " + v).toList());
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "";
        }
        return contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }
}
