package dev.latchkey.data;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.latchkey.common.Timestamps;
import dev.latchkey.key.Environment;
import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class CollectionRepository implements PanacheRepositoryBase<DataCollection, CollectionId> {

    public Optional<DataCollection> find(DataScope scope) {
        return findByIdOptional(CollectionId.of(scope));
    }

    /** The collection's settings, locked until the transaction ends. */
    public DataCollection findForUpdate(DataScope scope) {
        return getEntityManager().find(DataCollection.class, CollectionId.of(scope), LockModeType.PESSIMISTIC_WRITE);
    }

    /** An application's collections in the given environments, by name then environment, after a cursor. */
    public List<DataCollection> listAfter(UUID applicationId, List<Environment> environments, CollectionRow after, int rows) {
        Sort order = Sort.by("id.name").and("id.environment");
        var query = after == null
                ? find("id.applicationId = ?1 and id.environment in ?2", order, applicationId, environments)
                : find("id.applicationId = ?1 and id.environment in ?2 and (id.name > ?3 or (id.name = ?3 and id.environment > ?4))",
                        order, applicationId, environments, after.name(), after.environment());
        return query.page(0, rows).list();
    }

    /** Creates the collection with the default settings unless it exists; safe when writers race. Whether it was created. */
    public boolean ensure(DataScope scope) {
        return getEntityManager().createNativeQuery("""
                insert into collection (application_id, environment, name, rls_enabled, read_access, created_at, updated_at)
                values (?1, ?2, ?3, false, 'PUBLIC', ?4, ?4)
                on conflict do nothing""")
                .setParameter(1, scope.applicationId())
                .setParameter(2, scope.environment().name())
                .setParameter(3, scope.collection())
                .setParameter(4, Timestamps.now())
                .executeUpdate() == 1;
    }
}
