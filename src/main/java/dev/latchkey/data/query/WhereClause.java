package dev.latchkey.data.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.data.query.FieldPath.ValueType;
import dev.latchkey.http.ApiException;

/**
 * The {@code where} parameter compiled to SQL (CONTRACT section 16): an object of conditions that
 * must all hold, {@code $or} of such objects. Field names are checked by {@link FieldPath}; values
 * are bound, typed by the field ({@link ConditionValues}). Comparisons hold only between values of
 * one JSON type, so numbers compare as numbers and strings as strings, and a missing field reads as
 * JSON null.
 */
public final class WhereClause {

    public static final int MAX_CONDITIONS = 20;
    public static final int MAX_BRANCHES = 10;
    static final String PARAMETER = "where";

    private final SqlFragment sql = new SqlFragment();
    private final String canonical;
    /** Fields compared for equality outside any $or, then those compared by range: what an index would lead with. */
    private final Set<String> equalities = new LinkedHashSet<>();
    private final Set<String> ranges = new LinkedHashSet<>();
    private int conditions;

    private WhereClause(JsonNode where) {
        canonical = where.toString();
        sql.append(all(where, true));
    }

    /** The parsed clause; null when there is no condition. */
    public static WhereClause parse(String where) {
        if (where == null || where.isBlank()) {
            return null;
        }
        JsonNode tree = QueryJson.read(where, PARAMETER);
        if (!tree.isObject()) {
            throw invalid("must be a JSON object of conditions, such as {\"status\":\"published\"}");
        }
        return tree.isEmpty() ? null : new WhereClause(tree);
    }

    SqlFragment sql() {
        return sql;
    }

    String canonical() {
        return canonical;
    }

    Set<String> equalities() {
        return equalities;
    }

    Set<String> ranges() {
        return ranges;
    }

    /** Every member of an object of conditions, joined by AND. */
    private SqlFragment all(JsonNode object, boolean topLevel) {
        SqlFragment joined = new SqlFragment();
        for (Iterator<Map.Entry<String, JsonNode>> members = object.fields(); members.hasNext(); ) {
            Map.Entry<String, JsonNode> member = members.next();
            if (!joined.isEmpty()) {
                joined.append(" and ");
            }
            if (member.getKey().startsWith("$") && !member.getKey().equals("$or")) {
                throw invalid("'" + FieldPath.shown(member.getKey()) + "' is no field, and the only operator outside a field is $or");
            }
            joined.append("(").append(member.getKey().equals("$or")
                    ? any(member.getValue())
                    : field(FieldPath.parse(member.getKey(), PARAMETER), member.getValue(), topLevel)).append(")");
        }
        return joined;
    }

    private SqlFragment any(JsonNode branches) {
        if (!branches.isArray() || branches.isEmpty() || branches.size() > MAX_BRANCHES) {
            throw invalid("$or takes an array of 1 to " + MAX_BRANCHES + " objects of conditions");
        }
        SqlFragment joined = new SqlFragment();
        for (JsonNode branch : branches) {
            if (!branch.isObject() || branch.isEmpty()) {
                throw invalid("each branch of $or is a non-empty object of conditions");
            }
            if (!joined.isEmpty()) {
                joined.append(" or ");
            }
            joined.append("(").append(all(branch, false)).append(")");
        }
        return joined;
    }

    /** A field's condition: a value (equality) or an object of operators, all of which must hold. */
    private SqlFragment field(FieldPath field, JsonNode condition, boolean topLevel) {
        if (!isOperators(condition)) {
            return operator(field, "$eq", condition, topLevel);
        }
        SqlFragment joined = new SqlFragment();
        for (Iterator<Map.Entry<String, JsonNode>> operators = condition.fields(); operators.hasNext(); ) {
            Map.Entry<String, JsonNode> operator = operators.next();
            if (!joined.isEmpty()) {
                joined.append(" and ");
            }
            joined.append(operator(field, operator.getKey(), operator.getValue(), topLevel));
        }
        return joined;
    }

    /** An object whose keys all start with $ holds operators; one with none is a value; a mix is a mistake. */
    private static boolean isOperators(JsonNode condition) {
        if (!condition.isObject() || condition.isEmpty()) {
            return false;
        }
        List<String> names = new ArrayList<>();
        condition.fieldNames().forEachRemaining(names::add);
        long operators = names.stream().filter(name -> name.startsWith("$")).count();
        if (operators != 0 && operators != names.size()) {
            throw invalid("an object of operators holds only operators (keys starting with $)");
        }
        return operators != 0;
    }

    private SqlFragment operator(FieldPath field, String operator, JsonNode value, boolean topLevel) {
        if (++conditions > MAX_CONDITIONS) {
            throw invalid("at most " + MAX_CONDITIONS + " conditions");
        }
        ConditionValues values = new ConditionValues(field, operator);
        String expression = field.sql();
        SqlFragment condition = new SqlFragment();
        switch (operator) {
            case "$eq", "$ne" -> {
                if (topLevel && operator.equals("$eq")) {
                    equalities.add(field.name());
                }
                condition.append(expression).append(operator.equals("$eq") ? " = " : " <> ");
                values.bindOne(condition, value);
            }
            case "$gt", "$gte", "$lt", "$lte" -> {
                if (topLevel) {
                    ranges.add(field.name());
                }
                values.requireComparable(value);
                if (field.type() == ValueType.JSON) {
                    condition.append("jsonb_typeof(").append(expression).append(") = '").append(value.isNumber() ? "number" : "string").append("' and ");
                }
                condition.append(expression).append(switch (operator) {
                    case "$gt" -> " > ";
                    case "$gte" -> " >= ";
                    case "$lt" -> " < ";
                    default -> " <= ";
                });
                values.bindOne(condition, value);
            }
            case "$in", "$nin" -> {
                if (topLevel && operator.equals("$in")) {
                    equalities.add(field.name());
                }
                condition.append(operator.equals("$in") ? "" : "not ").append(expression).append(" = any(");
                values.bindList(condition, value);
                condition.append(")");
            }
            case "$exists" -> {
                if (!value.isBoolean()) {
                    throw invalid("$exists takes true or false");
                }
                condition.append(field.isSystem() ? String.valueOf(value.booleanValue())
                        : field.raw("d.") + (value.booleanValue() ? " is not null" : " is null"));
            }
            case "$contains" -> {
                values.requireBodyField();
                condition.append("jsonb_typeof(").append(expression).append(") = 'array' and ").append(expression).append(" @> ")
                        .bind("[" + value + "]", "jsonb");
            }
            case "$prefix" -> {
                values.requireBodyField();
                if (!value.isTextual()) {
                    throw invalid("$prefix takes a string");
                }
                condition.append("jsonb_typeof(").append(expression).append(") = 'string' and starts_with(")
                        .append(expression).append(" #>> '{}', ").bind(value.textValue(), "text").append(")");
            }
            default -> throw invalid("unknown operator '" + FieldPath.shown(operator) + "' (use $eq, $ne, $gt, $gte, $lt, $lte, "
                    + "$in, $nin, $exists, $contains, $prefix, or $or around objects of conditions)");
        }
        return condition;
    }

    static ApiException invalid(String problem) {
        return ApiException.invalidRequest(PARAMETER + ": " + problem);
    }
}
