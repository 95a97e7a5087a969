package dev.latchkey.data.index;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import dev.latchkey.data.query.IndexDefinition;
import dev.latchkey.key.Environment;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Makes PostgreSQL's indexes follow {@code collection_index}: builds the rows still
 * {@code building} with {@code CREATE INDEX CONCURRENTLY} (writes to the collection go on while it
 * builds), marks them {@code ready} or {@code failed}, and drops, also concurrently, every declared
 * index no row names any more (settings changed, collection or application deleted). One instance
 * at a time, under a PostgreSQL advisory lock, as the service's own role, which owns the document
 * partitions (afterMigrate.sql; only a table's owner may index it); an instance that dies mid-build leaves the row
 * {@code building}, and the next round finds the half-built (invalid) index, drops it and builds again.
 */
@ApplicationScoped
public class IndexBuilder {

    private static final Logger LOG = Logger.getLogger(IndexBuilder.class);

    /** Failures worth another round rather than a {@code failed} state: deadlock, lock wait, cancel, lost connection. */
    private static final Set<String> TRANSIENT = Set.of("40P01", "55P03", "57014", "57P01", "08006", "08003");

    @Inject
    DataSource dataSource;

    @Inject
    DeclaredIndexes indexes;

    @Scheduled(every = "${latchkey.data.index-poll-interval:1s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        try {
            List<IndexDefinition> wanted;
            List<String> orphans;
            try (Connection reader = dataSource.getConnection()) {
                wanted = building(reader);
                orphans = orphans(reader);
            }
            if (!wanted.isEmpty() || !orphans.isEmpty()) {
                change(wanted, orphans);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Reconciling declared indexes failed, tried again next round: %s", e.getMessage());
        }
    }

    /** One instance at a time; the pool's connection goes back as it came (no lock, no session setting). */
    private void change(List<IndexDefinition> wanted, List<String> orphans) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true); // CONCURRENTLY refuses to run inside a transaction
            if (!lock(connection, "pg_try_advisory_lock")) {
                return;
            }
            execute(connection, "set statement_timeout = 0"); // a build takes as long as the collection needs
            try {
                for (IndexDefinition index : wanted) {
                    build(connection, index);
                }
                for (String orphan : orphans) {
                    execute(connection, IndexDefinition.dropSql(orphan));
                    LOG.infof("Dropped declared index %s, which no collection declares any more", orphan);
                }
            } finally {
                execute(connection, "reset statement_timeout");
                lock(connection, "pg_advisory_unlock");
            }
        }
    }

    private void build(Connection connection, IndexDefinition wanted) throws SQLException {
        if (Boolean.FALSE.equals(valid(connection, wanted.name()))) {
            execute(connection, IndexDefinition.dropSql(wanted.name())); // left half-built by an earlier attempt
        }
        try {
            execute(connection, wanted.createSql());
            if (Boolean.TRUE.equals(valid(connection, wanted.name()))) {
                mark(connection, wanted.name(), "READY", null);
                // queries it serves stop taking turns (UnindexedQueries) on every instance
                indexes.announceReady(wanted.applicationId());
                return;
            }
            mark(connection, wanted.name(), "FAILED", "PostgreSQL left the index invalid");
        } catch (SQLException e) {
            if (TRANSIENT.contains(e.getSQLState())) {
                LOG.warnf("Building declared index %s failed for now, tried again next round: %s", wanted.name(), e.getMessage());
                throw e;
            }
            // e.g. a value too large for an index entry: the reason is PostgreSQL's, the index is dropped
            mark(connection, wanted.name(), "FAILED", e.getMessage());
        }
        execute(connection, IndexDefinition.dropSql(wanted.name()));
    }

    private static List<IndexDefinition> building(Connection connection) throws SQLException {
        List<IndexDefinition> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
                select application_id, environment, collection, fields, owner_leading from collection_index
                where state = 'BUILDING' order by created_at""")) {
            while (row.next()) {
                rows.add(new IndexDefinition(row.getObject(1, UUID.class), Environment.valueOf(row.getString(2)), row.getString(3),
                        DeclaredIndexes.fields(row.getString(4)), row.getBoolean(5)));
            }
        }
        return rows;
    }

    private static List<String> orphans(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("""
                select c.relname from pg_class c join pg_index i on i.indexrelid = c.oid
                join pg_class t on t.oid = i.indrelid join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = 'document_partitions' and c.relname like 'docq\\_%'
                and not exists (select 1 from collection_index ci where ci.index_name = c.relname)""")) {
            while (row.next()) {
                names.add(row.getString(1));
            }
        }
        return names;
    }

    /** Whether PostgreSQL holds the index as valid; null when there is none. */
    private static Boolean valid(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "select i.indisvalid from pg_index i join pg_class c on c.oid = i.indexrelid"
                        + " where c.relname = ? and c.relnamespace = 'document_partitions'::regnamespace")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getBoolean(1) : null;
            }
        }
    }

    private static void mark(Connection connection, String name, String state, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update collection_index set state = ?, error = ? where index_name = ? and state = 'BUILDING'")) {
            update.setString(1, state);
            update.setString(2, error);
            update.setString(3, name);
            update.executeUpdate();
        }
    }

    private static boolean lock(Connection connection, String function) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select " + function + "(hashtext('latchkey declared indexes'))")) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
