package dev.latchkey.data.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.data.query.FieldPath.ValueType;

/**
 * The values one operator of a {@code where} condition compares a field with, checked for the
 * field's type and bound: JSON for body fields, a UUID for {@code _id} and {@code _owner}, an
 * ISO-8601 instant for the times. A value the field can never hold is a client mistake (400),
 * not a query that matches nothing.
 */
final class ConditionValues {

    static final int MAX_LIST = 100;
    private static final String NIL_UUID = "00000000-0000-0000-0000-000000000000";
    /** Years 1 to 9999: ISO-8601 without a sign, and well inside what PostgreSQL's timestamptz holds. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("+10000-01-01T00:00:00Z");

    private final FieldPath field;
    private final String operator;

    ConditionValues(FieldPath field, String operator) {
        this.field = field;
        this.operator = operator;
    }

    void bindOne(SqlFragment condition, JsonNode value) {
        condition.bind(text(value), cast());
    }

    void bindList(SqlFragment condition, JsonNode values) {
        if (!values.isArray() || values.size() > MAX_LIST) {
            throw WhereClause.invalid(operator + " takes an array of at most " + MAX_LIST + " values");
        }
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(text(value)));
        condition.bindArray(texts, cast());
    }

    void requireComparable(JsonNode value) {
        boolean comparable = field.type() == ValueType.JSON ? value.isNumber() || value.isTextual() : value.isTextual();
        if (!comparable) {
            throw WhereClause.invalid(operator + " on " + field.name() + " takes " + (field.type() == ValueType.JSON
                    ? "a number or a string" : "a string"));
        }
    }

    void requireBodyField() {
        if (field.isSystem()) {
            throw WhereClause.invalid(operator + " applies to the document's own fields, not to " + field.name());
        }
    }

    private String cast() {
        return field.type().sqlType;
    }

    private String text(JsonNode value) {
        return switch (field.type()) {
            case JSON -> value.toString();
            case UUID -> uuid(value);
            case TIMESTAMP -> instant(value);
        };
    }

    private String uuid(JsonNode value) {
        if (value.isNull() && field.system() == FieldPath.SystemField.OWNER) {
            return NIL_UUID; // the owner of a document a secret key wrote, as FieldPath reads it
        }
        try {
            if (value.isTextual()) {
                return UUID.fromString(value.textValue()).toString();
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw WhereClause.invalid(field.name() + " is compared with UUID strings");
    }

    private String instant(JsonNode value) {
        try {
            if (value.isTextual()) {
                Instant instant = Instant.parse(value.textValue());
                if (!instant.isBefore(EARLIEST) && instant.isBefore(LATEST)) {
                    return instant.toString();
                }
            }
        } catch (DateTimeParseException e) {
            // answered below
        }
        throw WhereClause.invalid(field.name() + " is compared with ISO-8601 instants of years 1 to 9999, such as 2026-01-31T12:00:00Z");
    }
}
