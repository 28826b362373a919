package dev.duet.db.internal;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A transaction in progress: its connection, bound to the code inside it (and to the async calls
 * that code starts). Statements from several threads take turns on the one connection.
 */
public final class Tx {
    final CancellableConnection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean ended;

    Tx(CancellableConnection connection) {
        this.connection = connection;
    }

    /** Runs a statement, which cancelling the request cancels. */
    <R> R use(SqlWork<R> work) throws SQLException {
        return use(work, true);
    }

    /** Runs a savepoint's control, to its end even if the request is cancelled. */
    <R> R control(SqlWork<R> work) throws SQLException {
        return use(work, false);
    }

    private <R> R use(SqlWork<R> work, boolean cancellable) throws SQLException {
        lock.lock();
        try {
            if (ended) {
                throw new IllegalStateException("the transaction this call was started in has already ended;"
                        + " wait for async calls inside a transaction before it returns");
            }
            return cancellable ? connection.statement(work) : connection.uncancellable(work);
        } finally {
            lock.unlock();
        }
    }

    void end() {
        lock.lock();
        try {
            ended = true;
        } finally {
            lock.unlock();
        }
    }
}
