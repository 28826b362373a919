package dev.duet.db.internal;

import dev.duet.db.ConnectionFailure;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.DbException;
import dev.duet.db.internal.dialect.Codec;
import dev.duet.db.internal.dialect.Dialect;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runtime under a {@link dev.duet.db.Database}, one per Database (nothing here is global),
 * made of its concerns: where a statement gets its connection ({@link ConnectionSource}),
 * {@link Transactions}, the async twins' bounded launcher ({@link AsyncLauncher}) and running
 * statements ({@link Statements}). Here: what every statement goes through ({@link #run}), and
 * SQLite's single writer.
 *
 * <p>A statement runs on its transaction's connection if it is in one, else on the one
 * {@link ConnectionSource} finds for it. Whichever it is, the statement runs in a
 * {@link dev.duet.Shield} (see {@link CancellableConnection}): cancelling its request cancels the
 * statement rather than interrupting its thread, which would lose the connection.
 */
public final class Engine implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    static final String WAITING_TO_WRITE = "interrupted while waiting to write";

    public final Dialect dialect;
    /** The dialect's codec, kept at hand: every parameter and column goes through it. */
    public final Codec codec;
    public final DbUrl url;
    /** How this database names the tables of models (prefix, schema). */
    public final Naming naming;
    public final int poolSize;
    /** {@link DbConfig#maxRowsInOneUpdate()}. */
    public final int maxRowsInOneUpdate;
    public final Statements statements;
    private final ConnectionSource connections;
    private final Transactions transactions;
    private final AsyncLauncher launcher;
    /** Runs single-statement twins on the calling event loop where a module provides one; else null. */
    private final LoopClient loopClient;
    /** SQLite allows one writer at a time: writers queue here, fairly, instead of failing with SQLITE_BUSY. */
    private final ReentrantLock writer;

    private Engine(DbConfig config, DbUrl url) {
        this.url = url;
        this.dialect = Dialect.of(url.kind());
        this.codec = dialect.codec();
        this.naming = new Naming(config.tablePrefix(), config.schema());
        this.statements = new Statements(dialect);
        this.writer = url.kind() == DbUrl.Kind.SQLITE ? new ReentrantLock(true) : null;
        int n = POOLS.incrementAndGet();
        this.connections = new ConnectionSource(config, url, dialect, "duet-db-" + n);
        this.poolSize = connections.poolSize;
        this.maxRowsInOneUpdate = config.maxRowsInOneUpdate();
        this.transactions = new Transactions(this, connections, writer);
        this.launcher = new AsyncLauncher(this, transactions, connections, config.maxQueuedAsync(), "duet-db-" + n + "-async-");
        this.loopClient = LoopClients.open(config, url, poolSize, "duet-db-" + n);
    }

    public static Engine start(DbConfig config) {
        return new Engine(config, DbUrl.parse(config.url()));
    }

    /** The pooled (and decorated) DataSource. */
    public DataSource dataSource() {
        return connections.dataSource();
    }

    public boolean isClosed() {
        return connections.isClosed();
    }

    /** Connections open now in the event loops' pools ({@link LoopClient}); 0 without one. */
    public int loopConnections() {
        return loopClient == null ? 0 : loopClient.connections();
    }

    /** The pool's figures now: {active, idle, waiting}. */
    public int[] poolFigures() {
        return connections.poolFigures();
    }

    // ---- statements ----

    /** Runs {@code work} on the connection this statement gets (see the class comment); a write on SQLite waits its turn. */
    public <R> R run(boolean write, TableMapping<?> table, String what, SqlWork<R> work) {
        return run(write, table, what, null, work);
    }

    /**
     * {@link #run(boolean, TableMapping, String, SqlWork)}, where what was being done is
     * {@code what + " " + subject} (say "reading User" and an id), put together only for an error
     * message, not on every call.
     */
    public <R> R run(boolean write, TableMapping<?> table, String what, Object subject, SqlWork<R> work) {
        Tx tx = transactions.current();
        try {
            if (tx != null) return tx.use(work);
            checkOpen();
            ReentrantLock lock = write && writer != null ? writer : null;
            if (lock != null) lockInterruptibly(lock, WAITING_TO_WRITE);
            try {
                return connections.statement(work);
            } finally {
                if (lock != null) lock.unlock();
            }
        } catch (SQLException e) {
            throw translate(e, table, subject == null ? what : what + " " + subject);
        }
    }

    /**
     * Runs {@code work} (which gets connections of its own, e.g. Flyway) holding SQLite's writer
     * turn, without borrowing a connection itself.
     */
    public <R> R exclusive(Supplier<R> work) {
        checkOpen();
        ReentrantLock lock = writer != null && !transactions.active() ? writer : null;
        if (lock != null) lockInterruptibly(lock, WAITING_TO_WRITE);
        try {
            return work.get();
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    /** The typed exception for {@code e}; a lost connection names the database and says the pool reconnects. */
    public DbException translate(SQLException e, TableMapping<?> table, String what) {
        DbException x = dialect.translate(e, table, what);
        if (x instanceof ConnectionFailure) {
            return new ConnectionFailure("Lost the connection to " + url.describe() + " while " + what + ": " + rootMessage(e)
                    + " (the pool reconnects when the database is back)", e);
        }
        return x;
    }

    void checkOpen() {
        if (isClosed()) throw new DbException("The database is closed");
    }

    static void lockInterruptibly(ReentrantLock lock, String whileWhat) {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException(whileWhat);
        }
    }

    // ---- transactions ----

    /** Work inside a transaction. */
    @FunctionalInterface
    public interface TxBody<R> {
        R run() throws Exception;
    }

    public boolean inTransaction() {
        return transactions.active();
    }

    /** Runs {@code body} in a transaction (a savepoint inside another); see {@link Transactions}. */
    public <R> R transaction(TxBody<R> body) {
        return transactions.run(body);
    }

    // ---- async twins ----

    /** Runs blocking {@code work} as an async twin; see {@link AsyncLauncher}. */
    public <R> CompletableFuture<R> async(Database.Work<R> work) {
        return launcher.async(work);
    }

    /**
     * The async twin of a SELECT of the ORM's ({@code statements.query} on the statement's
     * connection, as {@link #run} runs it): on the calling event loop through the
     * {@link LoopClient} if there is one and no transaction is open on this thread, else as
     * {@link #async} runs blocking work. Either way it fails with the same typed exceptions.
     */
    public <R> CompletableFuture<List<R>> queryAsync(TableMapping<?> table, String what, Object subject,
                                                     String sql, List<Param> params, RowReader<R> reader) {
        return rowsAsync(false, table, what, subject, sql, params, reader);
    }

    /**
     * {@link #queryAsync} for a write that returns rows ({@code INSERT … RETURNING}): on JDBC it
     * runs as a write (on SQLite, in its writer's turn).
     */
    public <R> CompletableFuture<List<R>> writeReturningAsync(TableMapping<?> table, String what, Object subject,
                                                              String sql, List<Param> params, RowReader<R> reader) {
        return rowsAsync(true, table, what, subject, sql, params, reader);
    }

    private <R> CompletableFuture<List<R>> rowsAsync(boolean write, TableMapping<?> table, String what, Object subject,
                                                   String sql, List<Param> params, RowReader<R> reader) {
        if (loopClient != null && transactions.current() == null) {
            if (isClosed()) return CompletableFuture.failedFuture(new DbException("The database is closed"));
            CompletableFuture<List<R>> onLoop = loopClient.query(sql, params, reader, errors(table, what, subject));
            if (onLoop != null) return onLoop;
        }
        return launcher.async(() -> run(write, table, what, subject, c -> statements.query(c, sql, params, reader)));
    }

    /** The async twin of an INSERT, UPDATE or DELETE of the ORM's with no generated key; as {@link #queryAsync}. */
    public CompletableFuture<Integer> updateAsync(TableMapping<?> table, String what, Object subject, String sql, List<Param> params) {
        if (loopClient != null && transactions.current() == null) {
            if (isClosed()) return CompletableFuture.failedFuture(new DbException("The database is closed"));
            CompletableFuture<Integer> onLoop = loopClient.update(sql, params, errors(table, what, subject));
            if (onLoop != null) return onLoop;
        }
        return launcher.async(() -> run(true, table, what, subject, c -> statements.update(c, sql, params)));
    }

    /**
     * {@code stage} mapped by {@code fn}, failing with {@code fn}'s exception or the stage's as
     * they are (not wrapped in a {@code CompletionException}), as a twin run by {@link #async}
     * fails: a twin that maps its rows fails as its blocking self throws.
     */
    public static <A, B> CompletableFuture<B> then(CompletionStage<A> stage, Function<? super A, ? extends B> fn) {
        CompletableFuture<B> out = new CompletableFuture<>();
        stage.whenComplete((a, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrapped(e));
                return;
            }
            try {
                out.complete(fn.apply(a));
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        });
        return out;
    }

    /** What a stage failed with: {@code e}, or what it wraps if it is a {@code CompletionException} (null stays null). */
    public static Throwable unwrapped(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * {@code start.get()}, or a stage failed with what it threw: a twin fails its stage where its
     * blocking self throws (a field that does not exist, a null id), and never throws itself.
     */
    public static <R> CompletionStage<R> twin(Supplier<? extends CompletionStage<R>> start) {
        try {
            return start.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private Function<SQLException, RuntimeException> errors(TableMapping<?> table, String what, Object subject) {
        return e -> translate(e, table, subject == null ? what : what + " " + subject);
    }

    /**
     * Calls waiting for a permit now: async calls waiting for their turn to run, and borrowers
     * (blocking statements and transactions, async bodies) waiting for a connection's permit
     * (see {@link ConnectionSource}). Each is counted once.
     */
    public int waitingForPermit() {
        return launcher.waiting() + connections.waitingForPermit();
    }

    // ---- lifecycle ----

    @Override
    public void close() {
        if (loopClient != null) loopClient.close();
        connections.close();
    }

    public static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable seen = null;
        for (Throwable c = t; c != null && c != seen; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.isBlank() && sb.indexOf(m) < 0) {
                if (!sb.isEmpty()) sb.append(": ");
                sb.append(m.strip());
            }
            seen = c;
        }
        String s = sb.isEmpty() ? t.toString() : sb.toString();
        return s.length() > 600 ? s.substring(0, 600) + "…" : s;
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
