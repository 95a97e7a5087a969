package dev.latchkey.data.query;

import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.http.ApiException;

/**
 * A field a query names: a system column ({@code _id}, {@code _owner}, {@code _created_at},
 * {@code _updated_at}) or a path into the body ({@code author.id}). Names are checked against the
 * contract's pattern before they are written into SQL, as string literals: they must be, for a
 * declared expression index to match the query's expression.
 */
public record FieldPath(String name, SystemField system, List<String> segments) {

    private static final Pattern SEGMENT = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");
    static final int MAX_SEGMENTS = 4;

    /** The columns the service owns, and the SQL type a value compared with them is bound as. */
    public enum SystemField {
        ID("_id", "%sid", ValueType.UUID),
        // null (a secret key's document) reads as the nil UUID: no SQL null in any sort key
        OWNER("_owner", "coalesce(%sowner_id, '00000000-0000-0000-0000-000000000000'::uuid)", ValueType.UUID),
        CREATED_AT("_created_at", "%screated_at", ValueType.TIMESTAMP),
        UPDATED_AT("_updated_at", "%supdated_at", ValueType.TIMESTAMP);

        final String wire;
        final String sql;
        final ValueType type;

        SystemField(String wire, String sql, ValueType type) {
            this.wire = wire;
            this.sql = sql;
            this.type = type;
        }
    }

    /** How a compared value is bound: as text cast to {@code sqlType}. */
    public enum ValueType {
        JSON("jsonb"), UUID("uuid"), TIMESTAMP("timestamptz");

        final String sqlType;

        ValueType(String sqlType) {
            this.sqlType = sqlType;
        }
    }

    /** The field {@code name} names; {@code parameter} is the query parameter an error names. */
    public static FieldPath parse(String name, String parameter) {
        for (SystemField system : SystemField.values()) {
            if (system.wire.equals(name)) {
                return new FieldPath(name, system, List.of());
            }
        }
        List<String> segments = List.of(name.split("\\.", -1));
        if (segments.size() > MAX_SEGMENTS || !segments.stream().allMatch(segment -> SEGMENT.matcher(segment).matches())) {
            throw ApiException.invalidRequest(parameter + ": '" + shown(name) + "' is not a field name (letters, digits and _, "
                    + "not starting with a digit, at most 64 characters per segment and " + MAX_SEGMENTS + " segments joined by '.')");
        }
        if (segments.getFirst().startsWith("_")) {
            throw ApiException.invalidRequest(parameter + ": '" + shown(name) + "' is not a field: the fields starting with _ are "
                    + "_id, _owner, _created_at and _updated_at");
        }
        return new FieldPath(name, null, segments);
    }

    public boolean isSystem() {
        return system != null;
    }

    public boolean isId() {
        return system == SystemField.ID;
    }

    public ValueType type() {
        return system == null ? ValueType.JSON : system.type;
    }

    /**
     * The field's value in SQL, never null: a missing body field reads as JSON null. Sorts, keyset
     * cursors and declared indexes all use this very expression.
     */
    public String sql() {
        return expression("d.");
    }

    /** The same expression over the table, as an index definition takes it (no alias). */
    public String indexSql() {
        return expression("");
    }

    private String expression(String alias) {
        return system != null ? system.sql.formatted(alias) : "coalesce(" + raw(alias) + ", 'null'::jsonb)";
    }

    /** The body field as stored: SQL null when missing. */
    String raw(String alias) {
        StringBuilder path = new StringBuilder(alias).append("body");
        for (String segment : segments) {
            path.append(" -> '").append(segment).append('\'');
        }
        return path.toString();
    }

    /** A name for an error message: bounded, and printable characters only. */
    static String shown(String name) {
        String bounded = name.length() > 60 ? name.substring(0, 60) + "…" : name;
        return bounded.replaceAll("[^\\p{Alnum}_.$-]", "?");
    }
}
