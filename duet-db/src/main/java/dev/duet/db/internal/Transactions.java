package dev.duet.db.internal;

import dev.duet.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Transactions of one database: each bound to the code inside it (a {@link ScopedValue}, so the
 * async calls that code starts join it on whatever thread they run), a savepoint when nested,
 * on the current session's connection if there is one, else on one borrowed for it.
 */
final class Transactions {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.db");

    private final Engine engine;
    private final ConnectionSource connections;
    /** SQLite's single writer's turn, which a transaction holds throughout; null elsewhere. */
    private final ReentrantLock writer;
    private final ScopedValue<Tx> current = ScopedValue.newInstance();

    Transactions(Engine engine, ConnectionSource connections, ReentrantLock writer) {
        this.engine = engine;
        this.connections = connections;
        this.writer = writer;
    }

    /** The transaction the current code runs in, or null. */
    Tx current() {
        return current.isBound() ? current.get() : null;
    }

    boolean active() {
        return current.isBound();
    }

    /** {@code work} running inside {@code tx}, wherever it runs: for an async call started in a transaction. */
    <R> Callable<R> joining(Tx tx, Database.Work<R> work) {
        return () -> ScopedValue.where(current, tx).call(work::run);
    }

    /**
     * Runs {@code body} in a transaction: committed if it returns, rolled back if it throws (and the
     * exception rethrown as is). Inside another transaction it is a savepoint.
     */
    <R> R run(Engine.TxBody<R> body) {
        if (current.isBound()) return savepoint(current.get(), body);
        engine.checkOpen();
        ReentrantLock lock = writer;
        if (lock != null) Engine.lockInterruptibly(lock, Engine.WAITING_TO_WRITE);
        try {
            Session s = connections.ownSession();
            if (s != null) return s.use(c -> inTransaction(c, body), true);
            return connections.onOwnConnection(c -> inTransaction(c, body), true);
        } catch (SQLException e) {
            throw engine.translate(e, null, "ending a transaction");
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    private static final SqlWork<Void> BEGIN = c -> {
        c.connection().setAutoCommit(false);
        return null;
    };
    private static final SqlWork<Void> COMMIT = c -> {
        c.connection().commit();
        return null;
    };
    private static final SqlWork<Void> ROLLBACK = c -> {
        c.connection().rollback();
        return null;
    };
    private static final SqlWork<Void> AUTOCOMMIT = c -> {
        c.connection().setAutoCommit(true);
        return null;
    };

    /**
     * The body's statements can be cancelled with the request; the transaction's control cannot:
     * a cancelled body's rollback, or a finished body's commit, runs to its end.
     */
    private <R> R inTransaction(CancellableConnection c, Engine.TxBody<R> body) {
        Tx tx = new Tx(c);
        try {
            c.uncancellable(BEGIN);
        } catch (SQLException e) {
            throw engine.translate(e, null, "starting a transaction");
        }
        R result;
        try {
            result = ScopedValue.where(current, tx).call(body::run);
        } catch (Throwable t) {
            tx.end();
            rollback(c, t);
            throw Engine.sneaky(t);
        }
        tx.end();
        try {
            c.uncancellable(COMMIT);
        } catch (SQLException e) {
            rollback(c, e);
            throw engine.translate(e, null, "committing a transaction");
        }
        restoreAutoCommit(c);
        return result;
    }

    private <R> R savepoint(Tx tx, Engine.TxBody<R> body) {
        Savepoint sp;
        try {
            sp = tx.control(c -> c.connection().setSavepoint());
        } catch (SQLException e) {
            throw engine.translate(e, null, "setting a savepoint");
        }
        R result;
        try {
            result = body.run();
        } catch (Throwable t) {
            try {
                tx.control(c -> {
                    c.connection().rollback(sp);
                    return null;
                });
            } catch (SQLException | RuntimeException e) {
                t.addSuppressed(e);
            }
            throw Engine.sneaky(t);
        }
        try {
            tx.control(c -> {
                c.connection().releaseSavepoint(sp);
                return null;
            });
        } catch (SQLException e) {
            throw engine.translate(e, null, "releasing a savepoint");
        }
        return result;
    }

    private static void rollback(CancellableConnection c, Throwable cause) {
        try {
            c.uncancellable(ROLLBACK);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        restoreAutoCommit(c);
    }

    private static void restoreAutoCommit(CancellableConnection c) {
        try {
            c.uncancellable(AUTOCOMMIT);
        } catch (SQLException e) {
            // A session holding the connection sees it still in a transaction and drops it.
            log.debug("Could not restore autocommit; the pool resets it", e);
        }
    }
}
