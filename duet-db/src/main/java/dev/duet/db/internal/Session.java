package dev.duet.db.internal;

import dev.duet.Request;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pooled connection for the consecutive statements of one unit of work, so that they borrow
 * once instead of once each: the stretch of a request that runs on its own thread (returned when
 * that thread leaves the request, see {@link Request#closeWhenThreadLeaves}), or the body of an
 * async call (returned when it ends). Borrowed at the first statement, not before.
 *
 * <p>The owner's statements run on it one after another. Other threads of the same request (its
 * async twins, its toolkit tasks) may {@linkplain #lend borrow it} for a statement while it is
 * free, and take a pooled one otherwise, so that they still run side by side. The lock guards
 * the connection: a statement, or a whole transaction, holds it.
 */
final class Session implements AutoCloseable {
    private final ConnectionSource engine;
    /** The request whose own thread this session serves; null for an async body's. */
    final Request request;
    /** The thread whose statements it serves (for a request's session). */
    final Thread owner;
    /** For an async body: the session of the code that started it, whose connection it may use while free. */
    private final Session starter;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; volatile only so that others can tell cheaply whether waiting for it is worth it. */
    private volatile CancellableConnection connection;
    private boolean closed;

    Session(ConnectionSource engine, Request request, Session starter) {
        this.engine = engine;
        this.request = request;
        this.owner = Thread.currentThread();
        this.starter = starter;
    }

    /**
     * Runs {@code work} (a statement, or a whole transaction) on this session's connection,
     * borrowing it first if there is none yet. An async body that has none yet uses its starter's
     * while that one is free, and borrows only otherwise.
     */
    <R> R use(SqlWork<R> work, boolean transaction) throws SQLException {
        // Free unless another thread of the request is using it for a statement; waiting for that
        // ends when the request is cancelled.
        if (!lock.tryLock()) Engine.lockInterruptibly(lock, "interrupted while waiting for this request's connection");
        try {
            if (closed) {
                // Not expected: the owner's work is over. Run like a call outside any session.
                return engine.onOwnConnection(work, transaction);
            }
            if (connection == null && starter != null && starter.lend()) {
                try {
                    return starter.onConnection(work, transaction);
                } finally {
                    starter.unlock();
                }
            }
            if (connection == null) connection = new CancellableConnection(engine.borrow());
            return onConnection(work, transaction);
        } finally {
            lock.unlock();
        }
    }

    /**
     * For a statement from another thread: takes this session's connection if it is free right
     * now, or, when the pool has no connection to give either (this one may be what it lacks),
     * once it is free, up to the connection timeout. True with the lock held (the caller runs
     * {@link #onConnection} and unlocks); false if there is nothing to use, so the caller borrows.
     */
    boolean lend() {
        if (connection == null) return false;
        boolean locked = lock.tryLock();
        if (!locked && !engine.poolHasRoom()) {
            try {
                locked = lock.tryLock(engine.connectionTimeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (!locked) return false;
        if (closed || connection == null) {
            lock.unlock();
            return false;
        }
        return true;
    }

    /** Ends a {@link #lend}. */
    void unlock() {
        lock.unlock();
    }

    /**
     * Runs {@code work} on the connection, the lock held: a statement (which cancelling the request
     * cancels), or a whole transaction (which shields its own statements and control). A connection
     * that broke (or was left inside a transaction) is dropped.
     */
    <R> R onConnection(SqlWork<R> work, boolean transaction) throws SQLException {
        CancellableConnection c = connection;
        boolean done = false;
        try {
            R result = transaction ? work.run(c) : c.statement(work);
            done = true;
            return result;
        } catch (SQLException e) {
            if (engine.dialect.lostConnection(e)) drop(c);
            throw e;
        } finally {
            if ((!done || transaction) && connection == c && !reusable(c.connection(), transaction)) drop(c);
        }
    }

    private static boolean reusable(Connection c, boolean afterTransaction) {
        try {
            return !c.isClosed() && (!afterTransaction || c.getAutoCommit());
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives a broken connection back (the pool throws it away); the next statement borrows afresh. */
    private void drop(CancellableConnection c) {
        connection = null;
        engine.giveBack(c);
    }

    /** Returns the connection to the pool once no statement runs on it; later statements do not use this session. */
    @Override
    public void close() {
        CancellableConnection c;
        lock.lock();
        try {
            closed = true;
            c = connection;
            connection = null;
        } finally {
            lock.unlock();
        }
        if (request != null) engine.forget(this);
        if (c != null) engine.giveBack(c);
    }

    @Override
    public String toString() {
        return request != null ? "the database connection of " + request : "the database connection of an async call";
    }
}
