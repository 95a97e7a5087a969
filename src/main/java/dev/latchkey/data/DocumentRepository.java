package dev.latchkey.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import dev.latchkey.common.BatchedLookup;
import dev.latchkey.key.Environment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.annotation.PostConstruct;
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
     * reused. It reads a batch: each wanted document is one index lookup. The lateral subquery
     * (its {@code limit 1} keeps PostgreSQL from flattening it into a join) makes it so: as a join,
     * the generic plan of a small partition hashed the batch and scanned the whole partition.
     */
    private static final Map<Environment, String> READ_BATCH = new EnumMap<>(Environment.class);

    static {
        for (Environment environment : Environment.values()) {
            READ_BATCH.put(environment, """
                    select d.application_id, d.collection, d.id, d.owner_id, d.body::text, d.created_at, d.updated_at
                    from unnest(?::uuid[], ?::text[], ?::uuid[]) as wanted(application_id, collection, id)
                    cross join lateral (select * from document d where d.application_id = wanted.application_id
                        and d.environment = '%s' and d.collection = wanted.collection and d.id = wanted.id limit 1) d"""
                    .formatted(environment.name()));
        }
    }

    /** A document's place in an environment's batch. */
    private record Wanted(UUID applicationId, String collection, UUID id) {
    }

    /**
     * One batch of reads at a time per environment, more (up to four of the pool's connections)
     * only when a reader has waited longer than the patience: the next batch forms while one runs.
     * At most 64 documents of up to 256 KiB are read at once per environment (16 MB), as a few
     * pages of a listing hold.
     */
    private static final int MAX_CONCURRENT_BATCHES = 4;
    private static final Duration PATIENCE = Duration.ofMillis(2);
    private static final int MAX_BATCH = 16;

    @Inject
    DataSource dataSource;

    private final Map<Environment, BatchedLookup<Wanted, Document>> reads = new EnumMap<>(Environment.class);

    @PostConstruct
    void batchReadsPerEnvironment() {
        for (Environment environment : Environment.values()) {
            reads.put(environment, new BatchedLookup<>(MAX_CONCURRENT_BATCHES, PATIENCE, MAX_BATCH, wanted -> read(environment, wanted)));
        }
    }

    /**
     * The document, for reading only: in autocommit, neither a transaction nor an entity loaded
     * into a session (the data API's reads are its hot path). Reads made at the same time share
     * one query (see {@link BatchedLookup}), so this must not be called inside a transaction:
     * other callers' reads would run in it.
     */
    public Optional<Document> find(DataScope scope, UUID id) {
        return Optional.ofNullable(reads.get(scope.environment()).find(new Wanted(scope.applicationId(), scope.collection(), id)));
    }

    private Map<Wanted, Document> read(Environment environment, List<Wanted> batch) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(READ_BATCH.get(environment))) {
            query.setArray(1, connection.createArrayOf("uuid", batch.stream().map(Wanted::applicationId).toArray(UUID[]::new)));
            query.setArray(2, connection.createArrayOf("text", batch.stream().map(Wanted::collection).toArray(String[]::new)));
            query.setArray(3, connection.createArrayOf("uuid", batch.stream().map(Wanted::id).toArray(UUID[]::new)));
            Map<Wanted, Document> found = new HashMap<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    Document document = new Document();
                    document.applicationId = row.getObject(1, UUID.class);
                    document.environment = environment;
                    document.collection = row.getString(2);
                    document.id = row.getObject(3, UUID.class);
                    document.ownerId = row.getObject(4, UUID.class);
                    document.body = row.getString(5);
                    document.createdAt = row.getObject(6, OffsetDateTime.class).toInstant();
                    document.updatedAt = row.getObject(7, OffsetDateTime.class).toInstant();
                    found.put(new Wanted(document.applicationId, document.collection, document.id), document);
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("Reading documents failed", e);
        }
    }

    /** The document, locked until the transaction ends, so concurrent merges never lose a change. */
    public Optional<Document> findForUpdate(DataScope scope, UUID id) {
        return find(inScope(scope) + " and id = :id", scoped(scope).and("id", id))
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The scope as a condition, with its environment written in as a literal, as in {@link #READ_BATCH}. */
    private static String inScope(DataScope scope) {
        return "applicationId = :app and environment = " + Environment.class.getName() + "." + scope.environment().name()
                + " and collection = :collection";
    }

    private static Parameters scoped(DataScope scope) {
        return Parameters.with("app", scope.applicationId()).and("collection", scope.collection());
    }
}
