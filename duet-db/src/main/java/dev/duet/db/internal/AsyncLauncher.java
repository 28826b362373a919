package dev.duet.db.internal;

import dev.duet.Request;
import dev.duet.db.Database;
import dev.duet.db.DbException;
import dev.duet.db.Overloaded;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the async twins of one database: each on a virtual thread, at most {@code poolSize} at
 * once (a fair semaphore, so a flood waits its turn instead of failing or opening connections),
 * at most {@code maxQueued} waiting (past that, {@link Overloaded} at once).
 *
 * <p>A turn to run is not a connection: a body that borrows one also takes a connection permit,
 * from the queue blocking borrowers share ({@link ConnectionSource#borrow}), and a body that uses
 * its starter's connection takes none. Were the turn the connection's permit, a handler holding
 * the only connection of a pool of one, waiting for a twin that would use that very connection,
 * would wait for ever.
 */
final class AsyncLauncher {
    private final Engine engine;
    private final Transactions transactions;
    private final ConnectionSource connections;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxQueued;
    private final ThreadFactory virtual;

    AsyncLauncher(Engine engine, Transactions transactions, ConnectionSource connections, int maxQueued, String threadName) {
        this.engine = engine;
        this.transactions = transactions;
        this.connections = connections;
        this.permits = new Semaphore(connections.poolSize, true);
        this.maxQueued = maxQueued;
        this.virtual = Thread.ofVirtual().name(threadName, 0).factory();
    }

    /**
     * Runs blocking {@code work} on a virtual thread and completes with its result. Inside a Duet
     * request the task sees the request ({@link Request#current()}, the log MDC) and is cancelled
     * with it; inside a transaction it uses the transaction (and takes no permit: it needs no new
     * connection). Otherwise its statements share a session of their own (see
     * {@link ConnectionSource#inSessionOfItsOwn}).
     */
    <R> CompletableFuture<R> async(Database.Work<R> work) {
        if (engine.isClosed()) return CompletableFuture.failedFuture(new DbException("The database is closed"));
        Tx tx = transactions.current();
        Callable<R> body;
        AtomicBoolean queued = new AtomicBoolean();
        if (tx != null) {
            body = transactions.joining(tx, work);
        } else {
            Callable<R> inSession = connections.inSessionOfItsOwn(work);
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                return CompletableFuture.failedFuture(new Overloaded("Too many database calls waiting ("
                        + maxQueued + "); try again later"));
            }
            queued.set(true);
            body = () -> {
                try {
                    permits.acquire();
                } catch (InterruptedException e) {
                    throw new CancellationException("interrupted while waiting for a database connection");
                } finally {
                    if (queued.compareAndSet(true, false)) waiting.decrementAndGet();
                }
                try {
                    return inSession != null ? inSession.call() : work.run();
                } finally {
                    permits.release();
                }
            };
        }
        CompletableFuture<R> result;
        Request req = Request.currentOrNull();
        if (req != null) {
            result = req.tasks().offload(body);
        } else {
            CompletableFuture<R> cf = new CompletableFuture<>();
            virtual.newThread(() -> {
                try {
                    cf.complete(body.call());
                } catch (Throwable t) {
                    cf.completeExceptionally(t);
                }
            }).start();
            result = cf;
        }
        if (tx == null) {
            result.whenComplete((v, e) -> {
                if (queued.compareAndSet(true, false)) waiting.decrementAndGet();
            });
        }
        return result;
    }

    /** Async calls waiting for a permit now. */
    int waiting() {
        return waiting.get();
    }
}
