package dev.duet.db.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A transaction in progress: its connection, bound to the code inside it (and to the async calls
 * that code starts). Statements from several threads take turns on the one connection.
 */
public final class Tx {
    final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean ended;

    Tx(Connection connection) {
        this.connection = connection;
    }

    <R> R use(SqlWork<R> work) throws SQLException {
        lock.lock();
        try {
            if (ended) {
                throw new IllegalStateException("the transaction this call was started in has already ended;"
                        + " wait for async calls inside a transaction before it returns");
            }
            return work.run(connection);
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
