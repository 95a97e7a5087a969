package dev.latchkey.data.query;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.latchkey.http.ApiException;

/**
 * The {@code fields} parameter: top-level fields to return; {@code _id} always is. {@code system}
 * holds the system fields asked for, {@code body} the document's own.
 */
public record FieldSelection(Set<String> system, List<String> body) {

    public static final int MAX_FIELDS = 50;
    private static final String PARAMETER = "fields";

    /** The selection, or null for whole documents. */
    public static FieldSelection parse(String fields) {
        if (fields == null || fields.isBlank()) {
            return null;
        }
        String[] names = fields.split(",", -1);
        if (names.length > MAX_FIELDS) {
            throw ApiException.invalidRequest(PARAMETER + ": at most " + MAX_FIELDS + " fields");
        }
        Set<String> system = new LinkedHashSet<>(List.of("_id"));
        Set<String> body = new LinkedHashSet<>();
        for (String name : names) {
            FieldPath field = FieldPath.parse(name.trim(), PARAMETER);
            if (field.segments().size() > 1) {
                throw ApiException.invalidRequest(PARAMETER + ": top-level fields only ('" + FieldPath.shown(field.name()) + "' is a path)");
            }
            (field.isSystem() ? system : body).add(field.name());
        }
        return new FieldSelection(Set.copyOf(system), List.copyOf(body));
    }

    /** The stored body cut to the selected fields, as jsonb; a missing field stays missing. */
    SqlFragment projection() {
        return new SqlFragment().append("(select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) from jsonb_each(d.body) e where e.key = any(")
                .bindArray(body, "text").append("))");
    }
}
