package dev.latchkey.data;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.data.query.DocumentQuery;
import dev.latchkey.data.query.QueryCursors;
import dev.latchkey.data.query.SqlFragment;
import dev.latchkey.http.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import org.jboss.logging.Logger;
import org.postgresql.jdbc.PgStatement;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs {@link DocumentQuery} listings under the query time limit ({@code LATCHKEY_DATA_QUERY_TIMEOUT},
 * for the page and its count together), so no query a publishable key can send holds a
 * connection or the database longer. Past the limit the
 * answer is 400 {@code query_too_expensive}, naming the index that would serve the query. Queries
 * an index serves wait for a slot first ({@link QuerySlots}), as long as the limit at most, then
 * have the whole limit; those no index serves wait for their turn within their limit.
 */
@ApplicationScoped
public class DocumentQueries {

    private static final String QUERY_CANCELED = "57014";
    private static final String DATA_EXCEPTION_CLASS = "22";
    private static final Logger LOG = Logger.getLogger(DocumentQueries.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A page's builder starts at most this large: a page of large documents grows it as it needs. */
    private static final int MAX_PRESIZED_CHARS = 64 * 1024;

    @Inject
    DataSource dataSource;

    @Inject
    QueryCursors cursors;

    @Inject
    UnindexedQueries unindexed;

    @Inject
    QuerySlots slots;

    @ConfigProperty(name = "latchkey.data.query-timeout", defaultValue = "1s")
    Duration timeout;

    /** A page of a listing as its JSON array (with only the selected fields, when {@code fields} was given), and its count when one was asked for. */
    public record Result(String data, String next, Long count, Boolean countEstimated) {

        boolean emptyPage() {
            return "[]".equals(data);
        }
    }

    /**
     * {@code served}: an index serves the query ({@link DocumentQuery#servedBy}); it waits for a
     * slot ({@link QuerySlots}), then runs within its whole time limit: waiting for a slot is the
     * instance's load, not the query's cost. If not served, it waits for its turn within its
     * limit, and is refused at once if it ran past the limit lately or its application's time for
     * such queries is spent ({@link UnindexedQueries}). {@code requireLiveSession}, under row-level
     * security, reads the reader's session: before an unindexed query is admitted, so that an
     * ended session never spends the application's turns; for a served one only when its page
     * comes back empty, the page having been read only while the session was live
     * ({@link DocumentQuery#onlyWhile}), to tell an ended session from no documents.
     */
    public Result run(DataScope scope, DocumentQuery query, Runnable requireLiveSession, int limit, boolean count, boolean served) {
        if (!served) {
            requireLiveSession.run();
            return runUnindexed(scope, query, limit, count, System.nanoTime() + timeout.toNanos());
        }
        takeSlot(System.nanoTime() + timeout.toNanos());
        try {
            Result result = execute(query, limit, count, System.nanoTime() + timeout.toNanos(), null);
            if (result.emptyPage()) {
                requireLiveSession.run(); // a read of its own, once the page's connection is back in the pool
            }
            return result;
        } finally {
            slots.give();
        }
    }

    private Result runUnindexed(DataScope scope, DocumentQuery query, int limit, boolean count, long deadline) {
        UnindexedQueries.Turn turn;
        try {
            turn = unindexed.admit(scope.applicationId(), shape(query, count), timeout, deadline);
        } catch (UnindexedQueries.NotNow notNow) {
            throw tooExpensive(query, notNow.getMessage());
        }
        try {
            return execute(query, limit, count, deadline, turn);
        } finally {
            turn.release();
        }
    }

    /** {@code turn}: the unindexed query's, or null for a served one. */
    private Result execute(DocumentQuery query, int limit, boolean count, long deadline, UnindexedQueries.Turn turn) {
        // a query that waited for its turn had less than its limit: its timeout says less of it
        boolean wholeLimit = turn == null || !turn.waited();
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, query, limit, count, deadline);
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                if (turn != null && wholeLimit) {
                    unindexed.ranPastTheLimit(shape(query, count));
                }
                throw tooExpensive(query, (wholeLimit ? "" : "waited for its turn, then ") + "ran past its time limit of " + timeout.toMillis() + " ms");
            }
            if (e.getSQLState() != null && e.getSQLState().startsWith(DATA_EXCEPTION_CLASS)) {
                // a value every check above let through and PostgreSQL still refused: the caller's, not ours
                LOG.warnf("PostgreSQL refused a query's value: SQL state %s", e.getSQLState());
                throw ApiException.invalidRequest("where: a value PostgreSQL cannot compare");
            }
            throw new PersistenceException("Querying documents failed", e);
        }
    }

    /** What the unindexed queries' memory knows a query by: a count is a query of its own. */
    private static String shape(DocumentQuery query, boolean count) {
        return query.shape() + "|" + count;
    }

    /** Returns once a slot is taken; 503 when none came by {@code deadline} (this instance is overloaded). */
    private void takeSlot(long deadline) {
        boolean taken;
        try {
            taken = slots.take(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable(1, "The service is stopping; retry in a second");
        }
        if (!taken) {
            throw ApiException.unavailable(1, "Too many document queries are running on this instance: none could start within "
                    + timeout.toMillis() + " ms; retry in a second");
        }
    }

    /**
     * The statement, cancelled by PostgreSQL's driver when the listing's deadline passes (it sends
     * PostgreSQL a cancel request, and the statement fails with 57014). In autocommit, so a page
     * costs one round trip: a transaction to hold {@code SET LOCAL statement_timeout} cost three,
     * and a third of the indexed query's throughput (bench/run, scenario 14).
     */
    private static PreparedStatement timed(Connection connection, SqlFragment sql, long deadline) throws SQLException {
        PreparedStatement statement = sql.prepare(connection);
        long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        statement.unwrap(PgStatement.class).setQueryTimeoutMs(remainingMs);
        return statement;
    }

    private Result read(Connection connection, DocumentQuery query, int limit, boolean count, long deadline) throws SQLException {
        StringBuilder data = null;
        int rows = 0;
        List<String> lastKeys = null;
        boolean more = false;
        try (PreparedStatement select = timed(connection, query.select(limit + 1), deadline); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                if (rows == limit) {
                    more = true; // the lookahead row: only says that a next page exists
                    break;
                }
                String body = row.getString(3);
                if (data == null) {
                    // sized by the first document, so that a page of small documents is rendered without growing its builder
                    data = new StringBuilder(Math.min(limit * (body.length() + DocumentJson.SYSTEM_FIELDS_CHARS), MAX_PRESIZED_CHARS) + 2).append('[');
                } else {
                    data.append(',');
                }
                DocumentJson.appendRendered(data, row.getObject(1, UUID.class), row.getObject(2, UUID.class),
                        row.getObject(4, OffsetDateTime.class).toInstant(), row.getObject(5, OffsetDateTime.class).toInstant(), body, query.fields());
                rows++;
                lastKeys = new ArrayList<>();
                for (int key = 0; key < query.sortKeys(); key++) {
                    lastKeys.add(row.getString(6 + key));
                }
            }
        }
        String page = data == null ? "[]" : data.append(']').toString();
        String next = more ? query.cursor(cursors, lastKeys) : null;
        if (!count) {
            return new Result(page, next, null, null);
        }
        long matching = single(timed(connection, query.count(), deadline));
        boolean estimated = matching > DocumentQuery.EXACT_COUNT_LIMIT;
        return new Result(page, next, estimated ? Math.max(matching, estimate(timed(connection, query.estimate(), deadline))) : matching, estimated);
    }

    private static long single(PreparedStatement count) throws SQLException {
        try (PreparedStatement statement = count; ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The top plan node's row estimate, from EXPLAIN (which runs nothing). */
    private static long estimate(PreparedStatement explain) throws SQLException {
        try (PreparedStatement statement = explain; ResultSet row = statement.executeQuery()) {
            row.next();
            JsonNode plan = MAPPER.readTree(row.getString(1));
            return plan.path(0).path("Plan").path("Plan Rows").asLong();
        } catch (IOException e) {
            throw new SQLException("Unreadable query plan", e);
        }
    }

    private static ApiException tooExpensive(DocumentQuery query, String what) {
        List<String> index = query.suggestedIndex();
        String advice = index.isEmpty() ? "narrow the conditions"
                : "declare the index " + index.stream().map(field -> '"' + field + '"').toList() + " in the collection's settings (indexes)";
        return new ApiException(400, "query_too_expensive", "The query " + what + ": " + advice, null);
    }
}
