package dev.latchkey.data;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Documents, only ever reached through a {@link DataScope}. */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<Document, UUID> {

    private static final String IN_SCOPE = "applicationId = :app and environment = :env and collection = :collection";

    public Optional<Document> find(DataScope scope, UUID id) {
        return find(IN_SCOPE + " and id = :id", scoped(scope).and("id", id)).firstResultOptional();
    }

    /** The document, locked until the transaction ends, so concurrent merges never lose a change. */
    public Optional<Document> findForUpdate(DataScope scope, UUID id) {
        return find(IN_SCOPE + " and id = :id", scoped(scope).and("id", id))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Up to {@code limit} documents after {@code after} in id order, only {@code owner}'s when one is given. */
    public List<Document> page(DataScope scope, UUID owner, UUID after, int limit) {
        StringBuilder query = new StringBuilder(IN_SCOPE);
        Parameters parameters = scoped(scope);
        if (owner != null) {
            query.append(" and ownerId = :owner");
            parameters.and("owner", owner);
        }
        if (after != null) {
            query.append(" and id > :after");
            parameters.and("after", after);
        }
        PanacheQuery<Document> page = find(query.toString(), Sort.by("id"), parameters);
        return page.range(0, limit - 1).list();
    }

    private static Parameters scoped(DataScope scope) {
        return Parameters.with("app", scope.applicationId())
                .and("env", scope.environment())
                .and("collection", scope.collection());
    }
}
