package dev.latchkey.data;

import java.time.Instant;
import java.util.List;

import dev.latchkey.data.index.IndexView;
import dev.latchkey.http.ApiException;
import dev.latchkey.key.Environment;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A collection's settings in one environment, as listed. */
@RegisterForReflection
public record CollectionRow(String name, Environment environment, boolean rlsEnabled, ReadAccess readAccess, List<IndexView> indexes, Instant updatedAt) {

    static CollectionRow of(DataCollection collection, List<IndexView> indexes) {
        return new CollectionRow(collection.id.name(), collection.id.environment(), collection.rlsEnabled,
                collection.readAccess, indexes, collection.updatedAt);
    }

    /** The listing's cursor: name, then environment. */
    String cursor() {
        return name + "/" + environment.wire();
    }

    /** The row a cursor names (only its name and environment matter); a malformed one is a 400. */
    static CollectionRow ofCursor(String cursor) {
        int slash = cursor.lastIndexOf('/');
        try {
            if (slash <= 0) {
                throw new IllegalArgumentException("no name");
            }
            return new CollectionRow(cursor.substring(0, slash), Environment.fromWire(cursor.substring(slash + 1)), false, null, null, null);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidRequest("after must be a cursor from a previous page");
        }
    }
}
