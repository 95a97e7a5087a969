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
            schemas.get("KeyRequest").addProperty("permissions", permissions());
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

    /** CONTRACT section 5: a preset ({@code all}, {@code read_only}) or a map of resource to level; absent or null: all. */
    private static Schema permissions() {
        Schema level = OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .enumeration(List.of("none", "read", "write"));
        return OASFactory.createSchema().description("\"all\" (the default), \"read_only\", or a map such as {\"data\": \"write\"}")
                .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.STRING).enumeration(List.of("all", "read_only")))
                .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).additionalPropertiesSchema(level))
                .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
    }

    private static Schema anyObject() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
    }
}
