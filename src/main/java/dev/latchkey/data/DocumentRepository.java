package dev.latchkey.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.latchkey.key.Environment;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;

/** Documents, only ever reached through a {@link DataScope}. */
@ApplicationScoped
public class DocumentRepository implements PanacheRepositoryBase<Document, UUID> {

    /**
     * One read per environment, the environment written into the statement: it is the partition
     * key, and as a parameter PostgreSQL planned every execution anew (a generic plan would prune
     * partitions at run time, so it never preferred one), which cost it more than the lookup itself.
     * As a literal the partition is chosen when the statement is prepared, and its generic plan is
     * reused. The primary key's other columns, so one index lookup in that partition.
     */
    private static final Map<Environment, String> READ_ONE = new EnumMap<>(Environment.class);

    static {
        for (Environment environment : Environment.values()) {
            READ_ONE.put(environment, """
                    select owner_id, body::text, created_at, updated_at from document
                    where application_id = ? and environment = '%s' and collection = ? and id = ?"""
                    .formatted(environment.name()));
        }
    }

    @Inject
    DataSource dataSource;

    /**
     * The document, for reading only: a prepared statement in autocommit, neither a transaction
     * nor an entity loaded into a session (the data API's reads are its hot path).
     */
    public Optional<Document> find(DataScope scope, UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(READ_ONE.get(scope.environment()))) {
            query.setObject(1, scope.applicationId());
            query.setString(2, scope.collection());
            query.setObject(3, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Document document = new Document();
                document.id = id;
                document.applicationId = scope.applicationId();
                document.environment = scope.environment();
                document.collection = scope.collection();
                document.ownerId = row.getObject(1, UUID.class);
                document.body = row.getString(2);
                document.createdAt = row.getObject(3, OffsetDateTime.class).toInstant();
                document.updatedAt = row.getObject(4, OffsetDateTime.class).toInstant();
                return Optional.of(document);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Reading a document failed", e);
        }
    }

    /** The document, locked until the transaction ends, so concurrent merges never lose a change. */
    public Optional<Document> findForUpdate(DataScope scope, UUID id) {
        return find(inScope(scope) + " and id = :id", scoped(scope).and("id", id))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** Up to {@code limit} documents after {@code after} in id order, only {@code owner}'s when one is given. */
    public List<Document> page(DataScope scope, UUID owner, UUID after, int limit) {
        StringBuilder query = new StringBuilder(inScope(scope));
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

    /** The scope as a condition, with its environment written in as a literal, as in {@link #READ_ONE}. */
    private static String inScope(DataScope scope) {
        return "applicationId = :app and environment = " + Environment.class.getName() + "." + scope.environment().name()
                + " and collection = :collection";
    }

    private static Parameters scoped(DataScope scope) {
        return Parameters.with("app", scope.applicationId()).and("collection", scope.collection());
    }
}
