package dev.latchkey.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The committed OpenAPI document ({@code docs/openapi.yaml}) as the test suite reads it: which
 * operation a method and path are, and whether a JSON value matches a schema of the document. The
 * schemas are checked by networknt's validator in the OpenAPI 3.1 dialect (JSON Schema 2020-12);
 * only the routing from a request to its operation is ours.
 */
public final class ApiDescription {

    private static final String DOCUMENT_IRI = "https://latchkey.test/openapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final List<PathTemplate> paths;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private ApiDescription(String yaml) {
        this.document = new YAMLMapper().readTree(yaml);
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, yaml)));
        List<PathTemplate> templates = new ArrayList<>();
        document.get("paths").propertyNames().forEach(path -> templates.add(PathTemplate.of(path)));
        // a literal segment wins over a parameter: /keys/self before /keys/{id}
        templates.sort(Comparator.comparingInt(PathTemplate::parameters));
        this.paths = List.copyOf(templates);
    }

    public static ApiDescription committed() {
        try {
            return new ApiDescription(Files.readString(Path.of("docs/openapi.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiDescription of(String yaml) {
        return new ApiDescription(yaml);
    }

    /** The operation a request is, if the document describes its path and method. */
    public Optional<Operation> operation(String method, String path) {
        for (PathTemplate template : paths) {
            if (template.pattern.matcher(path).matches()) {
                JsonNode operation = document.get("paths").get(template.path).get(method.toLowerCase(Locale.ROOT));
                if (operation == null) {
                    return Optional.empty();
                }
                String pointer = "/paths/" + escape(template.path) + "/" + method.toLowerCase(Locale.ROOT);
                return Optional.of(new Operation(template.path, pointer, operation));
            }
        }
        return Optional.empty();
    }

    /** The documented response for a status: the exact code, then its class ("4XX"), then "default". */
    public Optional<String> responsePointer(Operation operation, int status) {
        JsonNode responses = operation.node().get("responses");
        for (String key : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
            if (responses != null && responses.has(key)) {
                return Optional.of(operation.pointer() + "/responses/" + key);
            }
        }
        return Optional.empty();
    }

    public JsonNode at(String pointer) {
        return document.at(pointer);
    }

    /** The validator's findings for a value against the schema at a pointer of the document. */
    public List<String> check(String schemaPointer, String json) {
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (tools.jackson.core.JacksonException e) {
            return List.of("the body is not JSON: " + e.getOriginalMessage());
        }
        Schema schema = compiled.computeIfAbsent(schemaPointer,
                pointer -> schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + pointer)));
        return schema.validate(value).stream().map(Error::toString).toList();
    }

    static String escape(String pathTemplate) {
        return pathTemplate.replace("~", "~0").replace("/", "~1");
    }

    public record Operation(String path, String pointer, JsonNode node) {
    }

    private record PathTemplate(String path, Pattern pattern, int parameters) {
        static PathTemplate of(String path) {
            StringBuilder regex = new StringBuilder();
            int parameters = 0;
            for (String part : path.split("(?=\\{)|(?<=\\})")) {
                if (part.startsWith("{")) {
                    regex.append("[^/]+");
                    parameters++;
                } else {
                    regex.append(Pattern.quote(part));
                }
            }
            return new PathTemplate(path, Pattern.compile(regex.toString()), parameters);
        }
    }
}
