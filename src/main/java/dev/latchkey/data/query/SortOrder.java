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

    /**
     * The rows after a cursor's values (text, cast back to each key's type), as disjoint ranges in
     * sort order, each of which a B-tree index in the sort's directions serves as one range: one
     * row comparison when all keys share a direction; else one range per run of same-direction
     * keys, the last run first (the earlier keys equal, the run's keys after the cursor's).
     */
    List<SqlFragment> rangesAfter(List<String> values) {
        List<SqlFragment> ranges = new ArrayList<>();
        int runEnd = keys.size();
        while (runEnd > 0) {
            int runStart = runEnd - 1;
            while (runStart > 0 && keys.get(runStart - 1).descending() == keys.get(runEnd - 1).descending()) {
                runStart--;
            }
            SqlFragment range = new SqlFragment();
            for (int i = 0; i < runStart; i++) {
                range.append(keys.get(i).field().sql()).append(" = ").bind(values.get(i), cast(keys.get(i))).append(" and ");
            }
            range.append("(").append(String.join(", ", keys.subList(runStart, runEnd).stream().map(key -> key.field().sql()).toList()))
                    .append(keys.get(runStart).descending() ? ") < (" : ") > (");
            for (int i = runStart; i < runEnd; i++) {
                range.append(i == runStart ? "" : ", ").bind(values.get(i), cast(keys.get(i)));
            }
            ranges.add(range.append(")"));
            runEnd = runStart;
        }
        return ranges;
    }

    /** The sort keys as selected columns, in their own types, named for {@link #orderByColumns}. */
    String selectKeyColumns() {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            select.append(", ").append(keys.get(i).field().sql()).append(" as sort_key_").append(i);
        }
        return select.toString();
    }

    /** {@code order by} over {@link #selectKeyColumns}: the order of rows merged from several ranges. */
    String orderByColumns() {
        StringBuilder order = new StringBuilder(" order by ");
        for (int i = 0; i < keys.size(); i++) {
            order.append(i == 0 ? "" : ", ").append("sort_key_").append(i).append(keys.get(i).descending() ? " desc" : "");
        }
        return order.toString();
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
