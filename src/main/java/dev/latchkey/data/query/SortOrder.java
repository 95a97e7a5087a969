package dev.latchkey.data.query;

import java.util.ArrayList;
import java.util.List;

import dev.latchkey.http.ApiException;

/**
 * The {@code sort} parameter: up to 3 fields, {@code -} for descending, then {@code _id} to break
 * ties, in the direction of the last field (so one index, or its backward scan, serves the whole
 * order). Default: {@code _id}, creation order.
 */
public record SortOrder(List<Key> keys) {

    public static final int MAX_FIELDS = 3;
    private static final String PARAMETER = "sort";

    /** One sort key. */
    public record Key(FieldPath field, boolean descending) {

        String wire() {
            return (descending ? "-" : "") + field.name();
        }
    }

    public static SortOrder parse(String sort) {
        List<Key> keys = new ArrayList<>();
        if (sort != null && !sort.isBlank()) {
            for (String item : sort.split(",", -1)) {
                keys.add(key(item.trim(), PARAMETER));
            }
            if (keys.size() > MAX_FIELDS) {
                throw ApiException.invalidRequest(PARAMETER + ": at most " + MAX_FIELDS + " fields");
            }
        }
        return ofKeys(keys, PARAMETER);
    }

    /** The order a declared index holds: the same rules as {@code sort}; {@code parameter} is what errors name. */
    public static SortOrder declared(List<String> fields, String parameter) {
        if (fields.isEmpty() || fields.size() > MAX_FIELDS) {
            throw ApiException.invalidRequest(parameter + ": an index has 1 to " + MAX_FIELDS + " fields");
        }
        return ofKeys(fields.stream().map(field -> key(field, parameter)).toList(), parameter);
    }

    private static Key key(String item, String parameter) {
        boolean descending = item.startsWith("-");
        return new Key(FieldPath.parse(descending ? item.substring(1) : item, parameter), descending);
    }

    /** The keys with {@code _id} last (once), and no field twice. */
    private static SortOrder ofKeys(List<Key> given, String parameter) {
        List<Key> keys = new ArrayList<>();
        for (Key key : given) {
            if (keys.stream().anyMatch(seen -> seen.field().name().equals(key.field().name()))) {
                throw ApiException.invalidRequest(parameter + ": " + key.field().name() + " is named twice");
            }
            keys.add(key);
            if (key.field().isId()) {
                break; // _id is unique: nothing after it changes the order
            }
        }
        if (keys.isEmpty() || !keys.getLast().field().isId()) {
            boolean descending = !keys.isEmpty() && keys.getLast().descending();
            keys.add(new Key(FieldPath.parse("_id", parameter), descending));
        }
        return new SortOrder(List.copyOf(keys));
    }

    /** {@code order by ...} of the keys. */
    String orderBy() {
        StringBuilder order = new StringBuilder(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            order.append(i == 0 ? "" : ", ").append(keys.get(i).field().sql()).append(keys.get(i).descending() ? " desc" : "");
        }
        return order.toString();
    }

    /** The rows after a cursor's values, which are text to be cast back to each key's type. */
    SqlFragment after(List<String> values) {
        boolean oneDirection = keys.stream().allMatch(key -> key.descending() == keys.getFirst().descending());
        SqlFragment condition = new SqlFragment();
        if (oneDirection) {
            // a row comparison, which a B-tree index serves as one range
            condition.append("(").append(String.join(", ", keys.stream().map(key -> key.field().sql()).toList())).append(") ")
                    .append(keys.getFirst().descending() ? "<" : ">").append(" (");
            for (int i = 0; i < keys.size(); i++) {
                condition.append(i == 0 ? "" : ", ").bind(values.get(i), cast(keys.get(i)));
            }
            return condition.append(")");
        }
        // mixed directions: the first key bounds the range, the rest decide within equal values
        Key first = keys.getFirst();
        condition.append(first.field().sql()).append(first.descending() ? " <= " : " >= ").bind(values.getFirst(), cast(first)).append(" and (");
        for (int i = 0; i < keys.size(); i++) {
            condition.append(i == 0 ? "(" : " or (");
            for (int j = 0; j < i; j++) {
                condition.append(keys.get(j).field().sql()).append(" = ").bind(values.get(j), cast(keys.get(j))).append(" and ");
            }
            Key key = keys.get(i);
            condition.append(key.field().sql()).append(key.descending() ? " < " : " > ").bind(values.get(i), cast(key)).append(")");
        }
        return condition.append(")");
    }

    /** The sort keys as selected columns, as text a cursor carries. */
    String selectKeys() {
        StringBuilder select = new StringBuilder();
        for (Key key : keys) {
            select.append(", (").append(key.field().sql()).append(")::text");
        }
        return select.toString();
    }

    String canonical() {
        return String.join(",", keys.stream().map(Key::wire).toList());
    }

    private static String cast(Key key) {
        return key.field().type().sqlType;
    }
}
