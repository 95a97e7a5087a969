package dev.latchkey.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.latchkey.http.ApiOperations.Access;
import dev.latchkey.http.ApiOperations.Named;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Makes the generated OpenAPI document one a client generator can use (CONTRACT section 11): the
 * three security schemes, and for every operation a stable {@code operationId}, a tag, a summary,
 * the schemes it accepts and the error responses it can give, each with the error schema of
 * section 4. Operations are named in {@link ApiOperations}. Runs at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocument implements OASFilter {

    static final String ERROR_SCHEMA = "Error";
    /** Every {@code error} value an answer can carry (CONTRACT section 4 and the sections it points to). */
    static final List<String> ERROR_CODES = List.of("invalid_request", "missing_credentials", "invalid_api_key", "api_key_revoked",
            "api_key_expired", "api_key_disabled", "secret_key_in_browser", "invalid_token", "invalid_credentials", "invalid_signature",
            "insufficient_permissions", "origin_not_allowed", "ip_not_allowed", "owner_mismatch", "use_user_auth", "write_blocked",
            "not_found", "conflict", "rate_limited", "usage_exceeded", "quota_exceeded", "unavailable", "internal_error",
            "auth_method_disabled", "user_disabled", "email_not_verified", "query_too_expensive", "mfa_required");

    @Override
    public void filterOpenAPI(OpenAPI document) {
        Components components = document.getComponents() == null ? OASFactory.createComponents() : document.getComponents();
        document.setComponents(components);
        components.addSecurityScheme("apiKey", OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("x-api-key").description("A publishable (pk_…) or secret (sk_…) key"));
        components.addSecurityScheme("adminToken", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT").description("An admin's token from the operator's identity provider"));
        components.addSecurityScheme("userToken", OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT").description("An end user's token from signup or login, sent with the key"));
        NullableFields.apply(components);
        BodyTypes.apply(document);
        components.addSchema(ERROR_SCHEMA, errorSchema());
        ApiOperations.TAGS.forEach((name, description) -> document.addTag(OASFactory.createTag().name(name).description(description)));
        document.setSecurity(null);

        List<String> unnamed = new ArrayList<>();
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            Named named = ApiOperations.OPERATIONS.get(method + " " + path);
            if (named == null) {
                unnamed.add(method + " " + path);
                return;
            }
            describe(operation, named, item);
        }));
        if (!unnamed.isEmpty()) {
            throw new IllegalStateException("Operations missing from ApiOperations' table: " + unnamed);
        }
    }

    /** Examples of the key plane's requests and answers, by operationId: what an integrator sends first. */
    private static final Map<String, Map<String, Object>[]> EXAMPLES = new LinkedHashMap<>();

    /** A map in the order given, so the document is the same on every build. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @SafeVarargs
    private static void example(String operationId, Map<String, Object>... requestAndAnswer) {
        EXAMPLES.put(operationId, requestAndAnswer);
    }

    static {
        String app = "0193a0b2-1111-7000-8000-000000000001";
        example("verifyKey", ordered("key", "sk_live_9oQ2nV8kT1xW4rY7uZ3aB6cD5eF0gH2iJk3LmN", "scopes", List.of("links:write"),
                "ip", "203.0.113.7"), ordered("valid", true, "code", "VALID", "type", "sk", "environment", "live", "application_id", app,
                "tenant_id", "acme", "scopes", List.of("links:write"), "ratelimit", ordered("limit", 100, "remaining", 99, "reset", 1)));
        example("identify", ordered("publishable_key", "pk_live_3fR8sT1uV6wX9yZ2aB5cD8eF1gH4iJ7kL0mN3oP6q"),
                ordered("tenant_id", "acme", "application_id", app, "app_name", "Notes", "environment", "live",
                        "auth_methods", List.of("email_password"), "branding", ordered("primary_color", "#334155"),
                        "mfa_required", false, "allowed_origins", List.of("https://notes.example.com")));
        example("getKeySelf", null, ordered("key_id", "0193a0b2-3333-7000-8000-000000000003", "type", "sk", "environment", "live",
                "application_id", app, "tenant_id", "acme", "name", "backend", "permissions",
                ordered("applications", "write", "keys", "read", "data", "write", "users", "write", "analytics", "write", "audit", "write")));
    }

    /** Operations whose input is the page's Origin header (passkey ceremonies), refused with 400 when it is missing. */
    private static final Set<String> READ_ORIGIN = Set.of("passkeyRegistrationOptions", "passkeySignInOptions");

    private static void describe(Operation operation, Named named, PathItem item) {
        addExamples(operation, EXAMPLES.get(named.operationId()));
        operation.setOperationId(named.operationId());
        operation.setTags(List.of(named.tag()));
        operation.setSummary(named.summary());
        operation.setSecurity(security(named.access()));
        boolean pathParameters = hasPathParameters(operation, item);
        boolean input = operation.getRequestBody() != null || pathParameters
                || (operation.getParameters() != null && !operation.getParameters().isEmpty())
                || READ_ORIGIN.contains(named.operationId());
        if (input) {
            error(operation, "400", "The request is malformed or a field is invalid (the message names it)");
        }
        if (named.access() != Access.NONE || named.operationId().equals("receiveGitHubSecretScanning")) {
            error(operation, "401", "No credential, or one that is not valid");
        }
        if (named.access() != Access.NONE) {
            error(operation, "403", "The credential may not do this (required_permission names what is missing)");
        }
        if (pathParameters || named.access() == Access.ADMIN) {
            error(operation, "404", "Not found: the object, a cursor's object or the tenant X-Tenant names (another tenant's too)");
        }
        if (operation.getRequestBody() != null) {
            error(operation, "413", "The body is larger than the endpoint accepts");
            error(operation, "415", "The body is not sent as application/json");
        }
        if (named.access() != Access.ADMIN && named.access() != Access.NONE || named.operationId().equals("reportLeakedKeys")) {
            error(operation, "429", "A rate limit or the key's credits are spent; Retry-After says when to retry");
        }
        error(operation, "406", "The Accept header names no type the endpoint answers");
        error(operation, "503", "PostgreSQL or Redis is out of reach; retry later");
        ResponseHeaders.apply(operation, named);
    }

    private static void addExamples(Operation operation, Map<String, Object>[] examples) {
        if (examples == null) {
            return;
        }
        if (examples[0] != null && operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().getMediaTypes().values().forEach(media -> media.setExample(examples[0]));
        }
        var ok = operation.getResponses().getAPIResponse("200");
        if (ok != null && ok.getContent() != null) {
            ok.getContent().getMediaTypes().values().forEach(media -> media.setExample(examples[1]));
        }
    }

    private static boolean hasPathParameters(Operation operation, PathItem item) {
        List<Parameter> parameters = new ArrayList<>();
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        return parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
    }

    private static List<SecurityRequirement> security(Access access) {
        return switch (access) {
            case NONE -> List.of();
            case KEY -> List.of(require("apiKey"));
            case KEY_WITH_USER -> List.of(require("apiKey").addScheme("userToken"));
            case KEY_AND_USER -> List.of(require("apiKey"), require("apiKey").addScheme("userToken"));
            case KEY_OR_BODY -> List.of(require("apiKey"), OASFactory.createSecurityRequirement());
            case ADMIN -> List.of(require("adminToken"));
        };
    }

    private static SecurityRequirement require(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    static void error(Operation operation, String status, String description) {
        if (operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().removeAPIResponse(status);
        }
        operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ERROR_SCHEMA)))));
    }

    private static Schema errorSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("The body of every answer that is not 2xx (CONTRACT section 4)")
                .addRequired("success").addRequired("error").addRequired("message")
                .addProperty("success", OASFactory.createSchema().type(List.of(Schema.SchemaType.BOOLEAN))
                        // not const or enum: generated clients (openapi-generator's okhttp-gson) turn those into
                        // an enum that does not compile
                        .description("Always false on an error"))
                .addProperty("error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .enumeration(new ArrayList<>(ERROR_CODES)))
                .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("required_permission", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("The permission the credential lacks (403 insufficient_permissions)"));
    }
}
