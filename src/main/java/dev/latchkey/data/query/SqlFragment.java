package dev.latchkey.data.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text with its parameters, in order: every value a caller gives is bound, never written into
 * the text. Values travel as text and are cast in SQL ({@code ?::jsonb}, {@code ?::uuid}), so one
 * binding serves every type; arrays are text arrays cast the same way.
 */
public final class SqlFragment {

    private final StringBuilder sql = new StringBuilder();
    private final List<Object> values = new ArrayList<>();

    SqlFragment append(String text) {
        sql.append(text);
        return this;
    }

    /** A bound value: {@code cast} is the SQL type it is read as. */
    SqlFragment bind(String value, String cast) {
        sql.append("?::").append(cast);
        values.add(value);
        return this;
    }

    /** SQL text with a {@code ?} for each of {@code values}, in order, its casts in the text. */
    SqlFragment appendBound(String text, List<String> values) {
        sql.append(text);
        this.values.addAll(values);
        return this;
    }

    /** A bound text array, read as an array of {@code cast}. */
    SqlFragment bindArray(List<String> items, String cast) {
        sql.append("?::text[]::").append(cast).append("[]");
        values.add(items.toArray(String[]::new));
        return this;
    }

    SqlFragment append(SqlFragment other) {
        sql.append(other.sql);
        values.addAll(other.values);
        return this;
    }

    boolean isEmpty() {
        return sql.isEmpty();
    }

    String sql() {
        return sql.toString();
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof String[] array) {
                statement.setArray(i + 1, connection.createArrayOf("text", array));
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
        return statement;
    }
}
