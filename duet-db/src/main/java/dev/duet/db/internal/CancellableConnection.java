package dev.duet.db.internal;

import dev.duet.Shield;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CancellationException;

/**
 * A pooled connection as statements use it: each statement's JDBC work runs in a {@link Shield},
 * so that cancelling its request (deadline passed, client gone) cancels the statement
 * ({@link Statement#cancel()}) instead of interrupting the thread. An interrupted virtual thread
 * has its socket closed: the statement would fail as a lost connection (SQLSTATE 08006) and the
 * pool would throw the connection away and open another. Cancelled, the statement fails with the
 * driver's cancel error (57014, 1317, SQLITE_INTERRUPT), reported as a
 * {@link CancellationException}, the connection goes back to the pool intact, and the thread is
 * interrupted once the statement is over.
 *
 * <p>One per holder of a connection (a session's connection, a transaction, a statement that
 * borrows its own), whose lock makes its statements run one at a time; nothing here is
 * allocated per statement. It keeps the prepared statements of the ORM's own SQL open while it
 * lasts ({@link #prepareKept}).
 */
public final class CancellableConnection {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.db");

    private final Connection connection;
    private final Runnable cancelRunning = this::cancelRunning;
    /** The stretch the current statement runs in; set and read on the statement's thread. */
    private Shield shield;
    /** The statement in progress, for the cancel hook on another thread. */
    private volatile Statement running;
    /** Statements kept open for reuse and their SQL, by slot (see {@link #prepareKept}); used by the holder of the connection only. */
    private static final int KEPT = 8;
    private String[] keptSql;
    private PreparedStatement[] kept;
    private int nextEvicted;

    CancellableConnection(Connection connection) {
        this.connection = connection;
    }

    public Connection connection() {
        return connection;
    }

    /** Runs one statement's JDBC work, which cancelling the request cancels. */
    <R> R statement(SqlWork<R> work) throws SQLException {
        Shield s = Shield.raise(cancelRunning);
        shield = s;
        try {
            if (s.cancelled()) throw cancelled("before its statement started", null);
            return work.run(this);
        } catch (SQLException e) {
            // The driver's cancel error, or whatever else the statement met while being cancelled:
            // the cancellation is what ended it.
            if (s.cancelled()) throw cancelled("and its statement was stopped", e);
            throw e;
        } finally {
            running = null;
            shield = null;
            s.close();
        }
    }

    /**
     * Runs transaction control (begin, commit, rollback, savepoints) to its end even if the
     * request is cancelled meanwhile or already was: an interrupt would lose the connection and
     * leave the transaction's outcome unknown. The cancellation is delivered once it is over.
     */
    <R> R uncancellable(SqlWork<R> work) throws SQLException {
        try (Shield ignored = Shield.raise(null)) {
            return work.run(this);
        }
    }

    public PreparedStatement prepare(String sql) throws SQLException {
        return watch(connection.prepareStatement(sql));
    }

    /**
     * A prepared statement for {@code sql} that stays open after use, for the next statement with
     * the same SQL on this connection: a unit of work that runs one query many times (a request's
     * twenty reads by id, a batch in a loop) then prepares it once, as hand-written JDBC does,
     * instead of once per call (for pgjdbc, a statement object, a trip through its query cache and
     * the pool's statement tracking, each way). The caller does not close it; if using it fails,
     * it {@link #discard}s it. At most eight are kept, the oldest closed to make room;
     * {@link #closeKept} closes them before the connection goes back to the pool.
     */
    public PreparedStatement prepareKept(String sql) throws SQLException {
        if (kept == null) {
            // Made at the first kept statement, not with every connection: one that only runs transaction control needs none.
            keptSql = new String[KEPT];
            kept = new PreparedStatement[KEPT];
        }
        int free = -1;
        for (int i = 0; i < KEPT; i++) {
            String k = keptSql[i];
            if (k == null) {
                if (free < 0) free = i;
            } else if (k == sql || (k.hashCode() == sql.hashCode() && k.equals(sql))) {
                return watchKept(kept[i]);
            }
        }
        PreparedStatement ps = connection.prepareStatement(sql);
        int slot = free >= 0 ? free : nextEvicted;
        if (free < 0) {
            nextEvicted = (nextEvicted + 1) % KEPT;
            closeQuietly(kept[slot]);
        }
        keptSql[slot] = sql;
        kept[slot] = ps;
        return watchKept(ps);
    }

    /** Closes a kept statement whose use failed (its state is unknown) and forgets it. */
    public void discard(PreparedStatement ps) {
        for (int i = 0; kept != null && i < KEPT; i++) {
            if (kept[i] == ps) {
                kept[i] = null;
                keptSql[i] = null;
            }
        }
        closeQuietly(ps);
    }

    /** Closes the kept statements; before the connection goes back to the pool. */
    void closeKept() {
        for (int i = 0; kept != null && i < KEPT; i++) {
            if (kept[i] != null) {
                closeQuietly(kept[i]);
                kept[i] = null;
                keptSql[i] = null;
            }
        }
    }

    private static void closeQuietly(Statement st) {
        try {
            st.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not close a prepared statement", e);
        }
    }

    /** {@link #watch} for a kept statement: if the request is cancelled already, it stays open for the next. */
    private PreparedStatement watchKept(PreparedStatement st) {
        running = st;
        Shield s = shield;
        if (s != null && s.cancelled()) throw cancelled("before its statement started", null);
        return st;
    }

    public PreparedStatement prepare(String sql, int autoGeneratedKeys) throws SQLException {
        return watch(connection.prepareStatement(sql, autoGeneratedKeys));
    }

    public PreparedStatement prepare(String sql, String[] keyColumns) throws SQLException {
        return watch(connection.prepareStatement(sql, keyColumns));
    }

    public Statement createStatement() throws SQLException {
        return watch(connection.createStatement());
    }

    /** Makes {@code st} the one a cancellation stops; fails if the request is cancelled already. */
    private <S extends Statement> S watch(S st) throws SQLException {
        running = st;
        // Both volatile: either the hook sees this statement and cancels it, or this sees the
        // cancellation and does not run it.
        Shield s = shield;
        if (s != null && s.cancelled()) {
            st.close();
            throw cancelled("before its statement started", null);
        }
        return st;
    }

    /** The shield's hook: on a virtual thread of its own, while the statement's stretch lasts. */
    private void cancelRunning() {
        Statement st = running;
        if (st == null) return;
        try {
            if (!st.isClosed()) st.cancel();
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not cancel a statement of a cancelled request; it runs to its end", e);
        }
    }

    private static CancellationException cancelled(String how, SQLException cause) {
        CancellationException e = new CancellationException("The request was cancelled " + how);
        if (cause != null) e.initCause(cause);
        return e;
    }
}
