package dev.duet.db.loop;

import dev.duet.db.Overloaded;
import dev.duet.db.internal.Columns;
import dev.duet.db.internal.LoopClient;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.RowReader;
import dev.duet.spi.EventLoopThread;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import dev.duet.Request;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * PostgreSQL through Vert.x's client, a pool for each of Duet's event loops: each loop gets a
 * Vert.x instance of its own whose only loop is that one ({@link OnLoopTransport}), so a
 * statement asked for on a loop is written, answered and read there, and its future completes
 * there. Made the first time a loop asks; a thread that is not one of the Netty core's loops gets
 * null (the engine then runs the twin on JDBC).
 *
 * <p>Each loop's pool is touched only by its loop, so what it counts needs no atomics.
 */
final class PgLoopClient implements LoopClient {
    private static final Logger log = LoggerFactory.getLogger(PgLoopClient.class);
    private static final Logger sqlLog = LoggerFactory.getLogger("dev.duet.db.sql");

    private final PgConnectOptions connect;
    private final LoopSettings settings;
    /** This client's pool on the loop running on this thread; looked up only on loop threads. */
    private final ThreadLocal<LoopPool> pools = new ThreadLocal<>();
    private final List<LoopPool> all = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    PgLoopClient(PgConnectOptions connect, LoopSettings settings) {
        this.connect = connect;
        this.settings = settings;
    }

    /** One loop's Vert.x and pool, and the statements it has running or waiting. */
    private static final class LoopPool {
        final Vertx vertx;
        final Pool pool;
        final int limit;
        final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        /** Statements already numbered for PostgreSQL: most are a table's few fixed ones. */
        private final java.util.Map<String, String> numbered = new java.util.HashMap<>();
        int inFlight;

        LoopPool(Vertx vertx, Pool pool, int limit) {
            this.vertx = vertx;
            this.pool = pool;
            this.limit = limit;
        }

        /** {@code sql} with PostgreSQL's numbered parameters, numbered once per loop (up to 1024 statements kept). */
        String numbered(String sql) {
            String n = numbered.get(sql);
            if (n == null) {
                n = PgStatements.numbered(sql);
                if (numbered.size() < 1024) numbered.put(sql, n);
            }
            return n;
        }
    }

    private LoopPool pool() {
        if (!(Thread.currentThread() instanceof EventLoopThread loopThread)) return null;
        LoopPool p = pools.get();
        if (p != null || closed) return p;
        if (!(loopThread.scheduler() instanceof IoEventLoop loop)) return null;
        OnLoopTransport transport = OnLoopTransport.of(loop);
        if (transport == null) return null;
        // Made here, on the loop's first call, because only now is the loop known: a few
        // milliseconds once per loop (Vert.x reads its resolver settings), no network waited for:
        // the pool connects when first used.
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1)
                        .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)))
                .withTransport(transport)
                .build();
        Pool pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(settings.connectionsPerLoop())
                        .setConnectionTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectionTimeout().toMillis()))
                        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
                        .setName(settings.name() + "-" + Thread.currentThread().getName()))
                .connectingTo(connect)
                .using(vertx)
                .build();
        p = new LoopPool(vertx, pool, settings.connectionsPerLoop() + settings.maxQueuedPerLoop());
        pools.set(p);
        all.add(p);
        // A server stopping before the database is closed (DuetDb.install closes it in a stop hook,
        // after the loops) leaves no loop to close the pool on: the loop itself, as it shuts down,
        // lets go of what Vert.x started (closeAsLoopEnds).
        LoopPool mine = p;
        if (loop instanceof SingleThreadEventExecutor executor) executor.addShutdownHook(() -> closeAsLoopEnds(mine));
        if (closed) close(p); // closed meanwhile, by another thread: not kept open
        log.debug("{}: a pool of {} on {}", settings.name(), settings.connectionsPerLoop(), Thread.currentThread().getName());
        return p;
    }

    @Override
    public <R> CompletableFuture<List<R>> query(String sql, List<Param> params, RowReader<R> reader,
                                                Function<SQLException, RuntimeException> errors) {
        return run(sql, params, errors, rows -> {
            List<R> list = new ArrayList<>(rows.size());
            RowColumns columns = new RowColumns();
            for (Row row : rows) {
                columns.at(row);
                list.add(reader.read(columns));
            }
            return list;
        });
    }

    @Override
    public CompletableFuture<Integer> update(String sql, List<Param> params, Function<SQLException, RuntimeException> errors) {
        return run(sql, params, errors, RowSet::rowCount);
    }

    /** What a statement's rows become. */
    @FunctionalInterface
    private interface Rows<T> {
        T read(RowSet<Row> rows) throws SQLException;
    }

    /**
     * Runs one statement on a connection of this loop's pool, which it holds from the statement's
     * start to its end so that cancelling the request can stop it there (PostgreSQL's cancel
     * request), as JDBC's twins are stopped; null off a loop.
     */
    private <T> CompletableFuture<T> run(String sql, List<Param> params, Function<SQLException, RuntimeException> errors, Rows<T> rows) {
        LoopPool p = pool();
        if (p == null) return null;
        CompletableFuture<T> out = new CompletableFuture<>();
        if (!admit(p, out)) return out;
        logSql(sql, params);
        String numbered = p.numbered(sql);
        io.vertx.sqlclient.Tuple values = PgStatements.tuple(params);
        Running running = new Running(out);
        Request req = Request.currentOrNull();
        if (req != null) req.tasks().onCancel(out, running);
        p.pool.getConnection().onComplete(acquired -> {
            if (acquired.failed()) {
                p.inFlight--;
                out.completeExceptionally(errors.apply(PgStatements.sqlException(acquired.cause())));
                return;
            }
            SqlConnection connection = acquired.result();
            if (!running.started(connection)) { // cancelled while it waited: already answered
                connection.close();
                p.inFlight--;
                return;
            }
            connection.preparedQuery(numbered).execute(values).onComplete(result -> {
                connection.close();
                p.inFlight--;
                if (result.failed()) {
                    out.completeExceptionally(running.wasCancelled()
                            ? cancelled("and its statement was stopped", result.cause())
                            : errors.apply(PgStatements.sqlException(result.cause())));
                    return;
                }
                try {
                    out.complete(rows.read(result.result()));
                } catch (SQLException e) {
                    out.completeExceptionally(errors.apply(e));
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        });
        return out;
    }

    /**
     * A statement in progress, and what cancelling its request does to it: before it has a
     * connection, fails it at once; once it runs, asks PostgreSQL to stop it (the connection goes
     * back to the pool when it has). Run by the thread that cancels, so it never waits.
     */
    private static final class Running implements Runnable {
        private final CompletableFuture<?> out;
        private SqlConnection connection;
        private boolean cancelled;

        Running(CompletableFuture<?> out) {
            this.out = out;
        }

        /** Whether the statement may start on {@code c}: false if its request was cancelled meanwhile. */
        synchronized boolean started(SqlConnection c) {
            if (cancelled) return false;
            connection = c;
            return true;
        }

        synchronized boolean wasCancelled() {
            return cancelled;
        }

        @Override
        public void run() {
            SqlConnection c;
            synchronized (this) {
                if (cancelled) return;
                cancelled = true;
                c = connection;
            }
            if (c == null) {
                out.completeExceptionally(PgLoopClient.cancelled("before its statement started", null));
            } else {
                PgConnection.cast(c).cancelRequest().onFailure(e ->
                        log.warn("Could not cancel a statement of a cancelled request; it runs to its end", e));
            }
        }
    }

    private static CancellationException cancelled(String how, Throwable cause) {
        CancellationException e = new CancellationException("The request was cancelled " + how);
        if (cause != null) e.initCause(cause);
        return e;
    }

    /** Counts the statement in, or fails {@code out} with {@link Overloaded} if the loop has as many as it may. */
    private boolean admit(LoopPool p, CompletableFuture<?> out) {
        if (p.inFlight >= p.limit) {
            out.completeExceptionally(new Overloaded("Too many database calls waiting on " + Thread.currentThread().getName()
                    + " (" + settings.maxQueuedPerLoop() + " beyond its " + settings.connectionsPerLoop()
                    + " connections); try again later"));
            return false;
        }
        p.inFlight++;
        return true;
    }

    private static void logSql(String sql, List<Param> params) {
        if (sqlLog.isDebugEnabled()) {
            sqlLog.debug("{} {} (on the loop)", sql, params.stream().map(p -> p.value() instanceof byte[] b ? "<" + b.length + " bytes>" : p.value()).toList());
        }
    }

    @Override
    public int connections() {
        int n = 0;
        for (LoopPool p : all) n += p.pool.size();
        return n;
    }

    @Override
    public void close() {
        closed = true;
        for (LoopPool p : all) close(p);
    }

    /**
     * Closes a loop's Vert.x, and the pool with it (the pool is one of its close hooks), leaving
     * the loop itself running: it is the server's. Called by {@link #close()} from anywhere, or on
     * the loop as it shuts down, whichever comes first.
     */
    private static void close(LoopPool p) {
        if (!p.closed.compareAndSet(false, true)) return;
        try {
            p.vertx.close().onFailure(e -> log.debug("closing a loop's Vert.x", e));
        } catch (RuntimeException e) {
            log.debug("closing a loop's Vert.x after its loop stopped", e);
        }
    }

    /**
     * What the loop does as it shuts down, if the database was not closed first. Closing Vert.x
     * would not finish: its steps run on this loop, which the Netty core stops with no quiet period
     * (and one of them, on a thread of Vert.x's, would then fail to hand its result back). Nor is
     * it needed: the loop closes the pool's sockets itself as it ends, and Vert.x started one
     * thread of its own, its checker of blocked threads, stopped here.
     */
    private static void closeAsLoopEnds(LoopPool p) {
        if (!p.closed.compareAndSet(false, true)) return;
        if (p.vertx instanceof io.vertx.core.internal.VertxInternal internal) internal.blockedThreadChecker().close();
    }
}
