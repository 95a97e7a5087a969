package dev.latchkey.http;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

import org.hibernate.exception.JDBCConnectionException;

/** What a failure of PostgreSQL or its pool says about whose fault it is ({@link ErrorMappers}). */
final class StoreFailures {

    private StoreFailures() {
    }

    /** Whether PostgreSQL answered {@code sqlState} somewhere in the chain of causes. */
    static boolean causedBy(Throwable e, String sqlState) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looks through causes and suppressed exceptions: a commit that fails because the server went
     * away surfaces as a RollbackException whose reason is only in a suppressed XAException.
     */
    static boolean isStoreUnavailable(Throwable e) {
        return isStoreUnavailable(e, 0);
    }

    private static boolean isStoreUnavailable(Throwable e, int depth) {
        if (e == null || depth > 12) {
            return false;
        }
        if (e instanceof JDBCConnectionException || e instanceof SQLTransientConnectionException
                || e instanceof SQLException sql && (isUnavailableState(sql.getSQLState()) || isPoolTimeout(sql))) {
            return true;
        }
        for (Throwable suppressed : e.getSuppressed()) {
            if (isStoreUnavailable(suppressed, depth + 1)) {
                return true;
            }
        }
        return isStoreUnavailable(e.getCause(), depth + 1);
    }

    /**
     * Connection failures (class 08), a server shutting down or starting up (57P01..57P03, the
     * last one found by the PostgreSQL-outage scenario) and a full server (53300): the store's
     * state, not the request's fault, so 503 and the client retries.
     */
    private static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"));
    }

    /**
     * The connection pool had no connection free within its acquisition timeout (overload). Agroal
     * says so only in words, with a plain SQLException without a state ("Sorry, acquisition
     * timeout!", or "Acquisition timeout while waiting for new connection"); DataApiTest proves
     * the words still match.
     */
    private static boolean isPoolTimeout(SQLException e) {
        return e.getSQLState() == null && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
