package dev.latchkey.data.query;

import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.latchkey.common.Digests;
import dev.latchkey.key.Environment;

/**
 * The PostgreSQL index a declaration of collection settings becomes: on the environment's document
 * partition, partial to the application and collection, over the very expressions
 * {@link DocumentQuery} sorts and compares by, with {@code _id} last as the sort's tie-break (a
 * backward scan serves the reverse order). {@code ownerLeading} puts the owner first, for
 * publishable keys reading an owner-only collection.
 */
public record IndexDefinition(UUID applicationId, Environment environment, String collection, List<String> fields, boolean ownerLeading) {

    /** Index names of declared indexes start with this; anything else on the partitions is the schema's own. */
    public static final String PREFIX = "docq_";

    public String name() {
        String identity = applicationId + "|" + environment + "|" + collection + "|" + String.join(",", fields) + "|" + ownerLeading;
        return PREFIX + HexFormat.of().formatHex(Digests.sha256(identity), 0, 16);
    }

    /** The schema of the document partitions (V24), where the service role may build indexes. */
    public static final String SCHEMA = "document_partitions";

    public String partition() {
        return SCHEMA + ".document_" + environment.name().toLowerCase();
    }

    public String createSql() {
        StringBuilder columns = new StringBuilder(ownerLeading ? "owner_id, " : "");
        List<SortOrder.Key> keys = SortOrder.declared(fields, "indexes").keys();
        for (int i = 0; i < keys.size(); i++) {
            columns.append(i == 0 ? "" : ", ").append('(').append(keys.get(i).field().indexSql()).append(')')
                    .append(keys.get(i).descending() ? " desc" : "");
        }
        if (!collection.matches("^[a-z][a-z0-9_]{0,62}$")) {
            throw new IllegalArgumentException("not a collection name");
        }
        return "create index concurrently if not exists " + name() + " on " + partition() + " (" + columns + ") where application_id = '"
                + applicationId + "'::uuid and collection = '" + collection + "'";
    }

    public static String dropSql(String name) {
        if (!name.matches("^" + PREFIX + "[0-9a-f]{32}$")) {
            throw new IllegalArgumentException("not a declared index");
        }
        return "drop index concurrently if exists " + SCHEMA + "." + name;
    }
}
