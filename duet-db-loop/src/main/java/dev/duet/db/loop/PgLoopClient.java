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
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
        int inFlight;

        LoopPool(Vertx vertx, Pool pool, int limit) {
            this.vertx = vertx;
            this.pool = pool;
            this.limit = limit;
        }
    }

    private LoopPool pool() {
        if (!(Thread.currentThread() instanceof EventLoopThread loopThread)) return null;
        LoopPool p = pools.get();
        if (p != null || closed) return p;
        if (!(loopThread.scheduler() instanceof IoEventLoop loop)) return null;
        OnLoopTransport transport = OnLoopTransport.of(loop);
        if (transport == null) return null;
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
        // after the loops) would leave nothing to close the pool on, and Vert.x's threads running:
        // the loop closes its pool itself as it shuts down, while it still runs tasks.
        LoopPool mine = p;
        if (loop instanceof SingleThreadEventExecutor executor) executor.addShutdownHook(() -> close(mine));
        if (closed) close(p); // closed meanwhile, by another thread: not kept open
        log.debug("{}: a pool of {} on {}", settings.name(), settings.connectionsPerLoop(), Thread.currentThread().getName());
        return p;
    }

    @Override
    public <R> CompletableFuture<List<R>> query(String sql, List<Param> params, RowReader<R> reader,
                                                Function<SQLException, RuntimeException> errors) {
        LoopPool p = pool();
        if (p == null) return null;
        CompletableFuture<List<R>> out = new CompletableFuture<>();
        if (!admit(p, out)) return out;
        logSql(sql, params);
        p.pool.preparedQuery(PgStatements.numbered(sql)).execute(PgStatements.tuple(params)).onComplete(result -> {
            p.inFlight--;
            if (result.failed()) {
                out.completeExceptionally(errors.apply(PgStatements.sqlException(result.cause())));
                return;
            }
            RowSet<Row> rows = result.result();
            List<R> list = new ArrayList<>(rows.size());
            RowColumns columns = new RowColumns();
            try {
                for (Row row : rows) {
                    columns.at(row);
                    list.add(reader.read(columns));
                }
            } catch (SQLException e) {
                out.completeExceptionally(errors.apply(e));
                return;
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            out.complete(list);
        });
        return out;
    }

    @Override
    public CompletableFuture<Integer> update(String sql, List<Param> params, Function<SQLException, RuntimeException> errors) {
        LoopPool p = pool();
        if (p == null) return null;
        CompletableFuture<Integer> out = new CompletableFuture<>();
        if (!admit(p, out)) return out;
        logSql(sql, params);
        p.pool.preparedQuery(PgStatements.numbered(sql)).execute(PgStatements.tuple(params)).onComplete(result -> {
            p.inFlight--;
            if (result.failed()) out.completeExceptionally(errors.apply(PgStatements.sqlException(result.cause())));
            else out.complete(result.result().rowCount());
        });
        return out;
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
     * the loop itself running: it is the server's. Called on the loop as it shuts down, or by
     * {@link #close()} from anywhere, whichever comes first.
     */
    private static void close(LoopPool p) {
        if (!p.closed.compareAndSet(false, true)) return;
        try {
            p.vertx.close().onFailure(e -> log.debug("closing a loop's Vert.x", e));
        } catch (RuntimeException e) {
            log.debug("closing a loop's Vert.x after its loop stopped", e);
        }
    }
}
