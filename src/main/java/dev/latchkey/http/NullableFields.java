package dev.latchkey.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The answers' JSON writes every field, {@code null} included (CONTRACT: a key without an expiry
 * shows {@code expires_at: null}), so every property a schema does not require may be null. The
 * generated schemas say only the type when set; this marks such properties nullable in OpenAPI
 * 3.1's form ({@code "null"} among the types, in an enumeration's values, or {@code anyOf} with a
 * reference), so that a response validator and the clients generated from the document accept
 * what the service sends.
 */
final class NullableFields {

    private NullableFields() {
    }

    static void apply(Components components) {
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(NullableFields::optionalPropertiesNullable);
        }
    }

    private static void optionalPropertiesNullable(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        for (Map.Entry<String, Schema> property : new ArrayList<>(properties.entrySet())) {
            Schema value = property.getValue();
            optionalPropertiesNullable(value); // inline objects have properties of their own
            if (value.getItems() != null) {
                optionalPropertiesNullable(value.getItems());
            }
            if (!required.contains(property.getKey())) {
                schema.addProperty(property.getKey(), nullable(value));
            }
        }
    }

    private static Schema nullable(Schema value) {
        if (value.getRef() != null) {
            return OASFactory.createSchema().description(value.getDescription())
                    .addAnyOf(OASFactory.createSchema().ref(value.getRef()))
                    .addAnyOf(OASFactory.createSchema().addType(Schema.SchemaType.NULL));
        }
        if (value.getType() != null && !value.getType().isEmpty() && !value.getType().contains(Schema.SchemaType.NULL)) {
            value.addType(Schema.SchemaType.NULL);
        }
        if (value.getEnumeration() != null && !value.getEnumeration().contains(null)) {
            value.addEnumeration(null);
        }
        return value;
    }
}
