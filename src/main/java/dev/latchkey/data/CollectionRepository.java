package dev.latchkey.data;

import java.util.Optional;

import dev.latchkey.common.Timestamps;
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

    /** Creates the collection with the default settings unless it exists; safe when writers race. */
    public void ensure(DataScope scope) {
        getEntityManager().createNativeQuery("""
                insert into collection (application_id, environment, name, rls_enabled, read_access, created_at, updated_at)
                values (?1, ?2, ?3, false, 'PUBLIC', ?4, ?4)
                on conflict do nothing""")
                .setParameter(1, scope.applicationId())
                .setParameter(2, scope.environment().name())
                .setParameter(3, scope.collection())
                .setParameter(4, Timestamps.now())
                .executeUpdate();
    }
}
