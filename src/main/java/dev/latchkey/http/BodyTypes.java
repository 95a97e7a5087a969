package dev.latchkey.http;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Types the document cannot read off the code: documents are read as raw bytes and written as
 * raw JSON (so the generated schema says octet-stream and string), the key set is written as a
 * JSON string, and a key's permissions are read as any JSON. The document says what the wire
 * carries: JSON objects, and the permissions' string-or-map union.
 */
final class BodyTypes {

    private BodyTypes() {
    }

    static void apply(OpenAPI document) {
        var schemas = document.getComponents().getSchemas();
        if (schemas != null && schemas.containsKey("DocumentAnswer")) {
            schemas.get("DocumentAnswer").addProperty("data", anyObject().addType(Schema.SchemaType.NULL)
                    .description("The document: its fields, and _id, _owner, _created_at and _updated_at; absent after a delete"));
        }
        if (schemas != null && schemas.containsKey("KeyRequest")) {
            document.getComponents().addSchema("PermissionPreset", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                    .description("all: every resource at write but keys; read_only: every resource at read")
                    .enumeration(List.of("all", "read_only")));
            document.getComponents().addSchema("PermissionMap", permissionMap());
            schemas.get("KeyRequest").addProperty("permissions", OASFactory.createSchema()
                    .description("\"all\" (the default), \"read_only\", or a map such as {\"data\": \"write\"} (missing resources: none)")
                    .addOneOf(OASFactory.createSchema().ref("PermissionPreset"))
                    .addOneOf(OASFactory.createSchema().ref("PermissionMap"))
                    .addOneOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
        }
        if (schemas != null && schemas.containsKey("KeyRequest")) {
            // the key fields KeyFields checks by hand are read as any JSON: say what they take
            document.getComponents().addSchema("CreditsSetting", creditsSetting());
            keyFields(schemas.get("KeyRequest"));
            keyFields(schemas.get("KeyUpdate"));
            document.getComponents().removeSchema("JsonNode");
            document.getComponents().removeSchema("JsonNodeType");
        }
        if (schemas != null && schemas.containsKey("DocumentPage")) {
            schemas.get("DocumentPage").addProperty("data", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(anyObject()));
        }
        document.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            if (path.startsWith("/api/data/")) {
                jsonObjectBody(operation);
            }
            if (path.equals("/api/v1/auth/token") && operation.getRequestBody() == null) {
                // the clients send {} and the service reads nothing: an empty object, or no body at all
                operation.setRequestBody(OASFactory.createRequestBody().required(false).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(anyObject().maxProperties(0)))));
            }
            if (path.equals("/api/realtime/publish")) {
                operation.setRequestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(anyObject().additionalPropertiesBoolean(false)
                                .addRequired("topic").addRequired("payload")
                                .addProperty("topic", OASFactory.createSchema().addType(Schema.SchemaType.STRING).maxLength(256)
                                        .description("At most 8 levels of A-Z, a-z, 0-9, _ and -, separated by /"))
                                .addProperty("payload", OASFactory.createSchema().description("Any JSON, at most 32 KiB"))))));
            }
            if (path.equals("/api/realtime/stream")) {
                operation.getResponses().getAPIResponse("200").description("An event stream: `event: change` (data {collection, op,"
                        + " id, document}) and `event: message` (data {topic, payload}), each with an `id:` for Last-Event-ID; a"
                        + " comment every 15 s; a last `event: end` (data: the error body) when the service ends the stream")
                        .getContent().getMediaType("text/event-stream").setSchema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
                document.getComponents().removeSchema("OutboundSseEvent");
                document.getComponents().removeSchema("MediaType");
            }
            if (path.equals("/.well-known/jwks.json")) {
                operation.getResponses().getAPIResponse("200").getContent().getMediaType("application/json").setSchema(
                        OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).addProperty("keys",
                                OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(anyObject())));
            }
        }));
    }

    private static void jsonObjectBody(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
            return;
        }
        Content content = operation.getRequestBody().getContent();
        if (content.hasMediaType("application/octet-stream")) {
            content.removeMediaType("application/octet-stream");
            MediaType json = OASFactory.createMediaType().schema(anyObject().description("The document's fields (a JSON object, at most 256 KiB)"));
            content.addMediaType("application/json", json);
        }
    }

    /** CONTRACT section 8's fields on a key, each nullable: null clears it (or, for enabled, leaves it). */
    private static void keyFields(Schema key) {
        if (key == null) {
            return;
        }
        key.addProperty("meta", anyObject().addType(Schema.SchemaType.NULL).description("The operator's own data about the key, a JSON object of at most 1 KiB"));
        key.addProperty("external_id", typed(Schema.SchemaType.STRING).minLength(1).maxLength(255)
                .description("Who the key is for in the operator's own system"));
        key.addProperty("enabled", typed(Schema.SchemaType.BOOLEAN).description("false suspends the key, true restores it"));
        key.addProperty("ip_allowlist", typed(Schema.SchemaType.ARRAY).items(OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .maxItems(100).description("Addresses and CIDR ranges the key may be used from; null: any"));
        key.addProperty("credits", OASFactory.createSchema().description("Uses left and their refill; null: unlimited")
                .addAnyOf(OASFactory.createSchema().ref("CreditsSetting")).addAnyOf(typed(Schema.SchemaType.NULL)));
        if (key.getProperties().containsKey("scopes")) {
            key.addProperty("scopes", typed(Schema.SchemaType.ARRAY).items(OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                    .description("Some of the application's scopes; null: all of them"));
        }
        if (key.getProperties().containsKey("rate_limit")) {
            key.addProperty("rate_limit", OASFactory.createSchema().description("The key's own budget; null: the environment's default")
                    .addAnyOf(OASFactory.createSchema().ref("RateLimitSpec")).addAnyOf(typed(Schema.SchemaType.NULL)));
        }
    }

    private static Schema creditsSetting() {
        Schema count = OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ZERO)
                .maximum(java.math.BigDecimal.valueOf(1_000_000_000L));
        Schema refill = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).addType(Schema.SchemaType.NULL)
                .additionalPropertiesBoolean(false).addRequired("amount").addRequired("interval")
                .addProperty("amount", count).addProperty("interval", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .enumeration(List.of("daily", "monthly")));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(false).addRequired("remaining")
                .addProperty("remaining", count).addProperty("refill", refill);
    }

    /** A property of this type, or null. */
    private static Schema typed(Schema.SchemaType type) {
        Schema schema = OASFactory.createSchema().addType(type);
        return type == Schema.SchemaType.NULL ? schema : schema.addType(Schema.SchemaType.NULL);
    }

    /** CONTRACT section 5: a level per resource; a resource left out is none. */
    private static Schema permissionMap() {
        Schema map = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(false);
        for (String resource : List.of("applications", "keys", "data", "users", "analytics", "audit")) {
            map.addProperty(resource, OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(List.of("none", "read", "write")));
        }
        return map;
    }

    private static Schema anyObject() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
    }
}
