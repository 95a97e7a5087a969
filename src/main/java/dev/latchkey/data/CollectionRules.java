package dev.latchkey.data;

import java.util.List;
import java.util.UUID;

import dev.latchkey.data.index.DeclaredIndexes;
import dev.latchkey.verification.cache.LocalKeyCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a collection's settings say to every data request, read from memory: they are kept beside
 * the application's key checks and dropped with them when the settings change (an application
 * invalidation, awaited on every instance before the change is answered), so each read costs no
 * query for them, and a change still applies everywhere at once. So are its built indexes.
 */
@ApplicationScoped
public class CollectionRules {

    /** A collection nobody configured: no writes through publishable keys, public reads. */
    private static final Rules UNCONFIGURED = new Rules(false, ReadAccess.PUBLIC, List.of());

    /** One collection's rules, and the declared indexes that are built (dropped from memory when one becomes ready). */
    public record Rules(boolean rlsEnabled, ReadAccess readAccess, List<List<String>> indexes) {
    }

    @Inject
    CollectionRepository collections;

    @Inject
    DeclaredIndexes indexes;

    @Inject
    LocalKeyCache cache;

    public Rules of(DataScope scope) {
        UUID application = scope.applicationId();
        Rules cached = cache.applicationFact(application, scope, Rules.class);
        if (cached != null) {
            return cached;
        }
        long epoch = cache.epoch();
        Rules read = collections.find(scope).map(found -> new Rules(found.rlsEnabled, found.readAccess,
                indexes.ready(scope.applicationId(), scope.environment(), scope.collection()))).orElse(UNCONFIGURED);
        cache.putApplicationFact(application, scope, read, epoch);
        return read;
    }
}
