package dev.duet.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import dev.duet.Request;
import dev.duet.db.ConnectionFailure;
import dev.duet.db.DbConfig;
import dev.duet.db.DbException;
import dev.duet.db.Overloaded;
import dev.duet.db.internal.dialect.Codec;
import dev.duet.db.internal.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The runtime under a {@link dev.duet.db.Database}: the pool, the dialect, where a statement gets
 * its connection, SQLite's single writer, and the async twins' bounded launcher. Everything here
 * belongs to one Database object; nothing is global.
 *
 * <p>Where a statement's connection comes from, first match wins:
 * <ol>
 * <li>the current transaction's;
 * <li>the {@link Session} of the current unit of work: an async body's, or, on a request's own
 *     thread, one bound to the request until that thread leaves it (unless
 *     {@code connectionPerRequest} is off);
 * <li>on another thread of a request (a toolkit task), the request's session connection if it is
 *     free right now;
 * <li>the pool, for this statement only.
 * </ol>
 * Whichever it is, the statement runs in a {@link dev.duet.Shield} (see {@link CancellableConnection}):
 * cancelling its request cancels the statement rather than interrupting its thread, which would
 * lose the connection.
 */
public final class Engine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.db");
    private static final Logger sqlLog = LoggerFactory.getLogger("dev.duet.db.sql");
    private static final AtomicInteger POOLS = new AtomicInteger();

    public final Dialect dialect;
    /** The dialect's codec, kept at hand: every parameter and column goes through it. */
    public final Codec codec;
    public final DbUrl url;
    public final int poolSize;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final ScopedValue<Tx> currentTx = ScopedValue.newInstance();
    /** Statements share a connection per unit of work (see {@link Session}); off, each borrows its own. */
    private final boolean sessions;
    /** The session of the async body running on this thread. */
    private final ScopedValue<Session> bodySession = ScopedValue.newInstance();
    /** Each request's session, while its own thread has one: found by that thread, and lent to the request's other threads. */
    private final Map<Request, Session> requestSessions = new ConcurrentHashMap<>();
    final long connectionTimeoutNanos;
    /** SQLite allows one writer at a time: writers queue here, fairly, instead of failing with SQLITE_BUSY. */
    private final ReentrantLock writer;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxQueued;
    private final ThreadFactory virtual;
    private final String timeoutText;
    private volatile boolean closed;

    private Engine(DbConfig config, DbUrl url) {
        this.url = url;
        this.dialect = Dialect.of(url.kind());
        this.codec = dialect.codec();
        this.poolSize = config.poolSize() > 0 ? (url.memory() ? 1 : config.poolSize()) : url.memory() ? 1 : 10;
        if (url.memory() && config.poolSize() > 1) {
            log.warn("An in-memory SQLite database lives in one connection: pool size {} lowered to 1", config.poolSize());
        }
        this.writer = url.kind() == DbUrl.Kind.SQLITE ? new ReentrantLock(true) : null;
        this.permits = new Semaphore(poolSize, true);
        this.maxQueued = config.maxQueuedAsync();
        int n = POOLS.incrementAndGet();
        this.virtual = Thread.ofVirtual().name("duet-db-" + n + "-async-", 0).factory();
        this.timeoutText = config.connectionTimeout().toMillis() + " ms";
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.sessions = config.connectionPerRequest();

        HikariConfig hc = new HikariConfig();
        hc.setPoolName("duet-db-" + n);
        hc.setJdbcUrl(url.jdbcUrl());
        // Named, not found through DriverManager: its ServiceLoader scan runs once per JVM, with
        // the class loader of whoever asked first, so a second web application would find none.
        String driver = driverClass(url.jdbcUrl());
        if (driver != null) hc.setDriverClassName(driver);
        if (url.user() != null) hc.setUsername(url.user());
        if (url.password() != null) hc.setPassword(url.password());
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(poolSize, 2));
        hc.setConnectionTimeout(config.connectionTimeout().toMillis());
        hc.setInitializationFailTimeout(config.checkOnConnect() ? 1 : -1);
        Map<String, String> props = new LinkedHashMap<>();
        switch (url.kind()) {
            case SQLITE -> {
                if (!url.memory()) props.put("journal_mode", "WAL");
                props.put("synchronous", "NORMAL");
                props.put("busy_timeout", Long.toString(config.busyTimeout().toMillis()));
                props.put("foreign_keys", "true");
                props.put("transaction_mode", "IMMEDIATE");
                if (url.memory()) {
                    hc.setMinimumIdle(1);
                    hc.setMaxLifetime(0);
                    hc.setIdleTimeout(0);
                }
            }
            case POSTGRESQL -> {
                props.put("prepareThreshold", "3");
                props.put("preparedStatementCacheQueries", "512");
                props.put("reWriteBatchedInserts", "true");
                props.put("connectTimeout", Long.toString(Math.max(1, config.connectionTimeout().toSeconds())));
                props.put("ApplicationName", "duet");
            }
            case MYSQL -> {
                props.put("useServerPrepStmts", "true");
                props.put("cachePrepStmts", "true");
                props.put("prepStmtCacheSize", "512");
                props.put("useBulkStmts", "true");
                props.put("connectTimeout", Long.toString(config.connectionTimeout().toMillis()));
                hc.setConnectionInitSql("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',"
                        + " time_zone = '+00:00'");
            }
        }
        // The pool throws a connection away when a statement on it fails the way this dialect
        // calls a lost connection, not only on the SQL states it knows (MariaDB's killed connection).
        Dialect d = dialect;
        hc.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override   // (the interface has a nested type named Override)
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return d.lostConnection(e) ? SQLExceptionOverride.Override.MUST_EVICT : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        props.putAll(config.properties());
        props.forEach(hc::addDataSourceProperty);
        if (url.file() != null) {
            Path parent = Path.of(url.file().replaceFirst("^file:", "").replaceFirst("\\?.*$", "")).toAbsolutePath().getParent();
            try {
                if (parent != null) Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new ConnectionFailure("Cannot connect to " + url.describe() + ": cannot create its directory " + parent
                        + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
            }
        }
        try {
            this.pool = new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConnectionFailure("Cannot connect to " + url.describe() + ": " + rootMessage(e)
                    + ". Is the server running, and are the URL, user and password right?", e);
        } catch (RuntimeException e) {
            throw new ConnectionFailure("Cannot set up the pool for " + url.describe() + ": " + rootMessage(e), e);
        }
        DataSource ds = config.decorator().apply(pool);
        this.dataSource = ds == null ? pool : ds;
    }

    public static Engine start(DbConfig config) {
        return new Engine(config, DbUrl.parse(config.url()));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isClosed() {
        return closed;
    }

    // ---- connections ----

    /** Runs {@code work} on the connection this statement gets (see the class comment); a write on SQLite waits its turn. */
    public <R> R run(boolean write, ModelInfo<?> model, String what, SqlWork<R> work) {
        return run(write, model, what, null, work);
    }

    /**
     * {@link #run(boolean, ModelInfo, String, SqlWork)}, where what was being done is
     * {@code what + " " + subject} (say "reading User" and an id), put together only for an error
     * message, not on every call.
     */
    public <R> R run(boolean write, ModelInfo<?> model, String what, Object subject, SqlWork<R> work) {
        Tx tx = currentTx.isBound() ? currentTx.get() : null;
        try {
            if (tx != null) return tx.use(work);
            checkOpen();
            ReentrantLock lock = write && writer != null ? writer : null;
            if (lock != null) lockInterruptibly(lock, WAITING_TO_WRITE);
            try {
                return inSession(work);
            } finally {
                if (lock != null) lock.unlock();
            }
        } catch (SQLException e) {
            throw translate(e, model, subject == null ? what : what + " " + subject);
        }
    }

    private <R> R inSession(SqlWork<R> work) throws SQLException {
        if (sessions) {
            if (bodySession.isBound()) return bodySession.get().use(work, false);
            Request req = Request.currentOrNull();
            if (req != null) {
                Session s = requestSessions.get(req);
                if (s != null && s.owner == Thread.currentThread()) return s.use(work, false);
                Session mine = bindToRequest(req);
                if (mine != null) return mine.use(work, false);
                // Another thread of the request: the request's connection if it is free now.
                if (s != null && s.lend()) {
                    try {
                        return s.onConnection(work, false);
                    } finally {
                        s.unlock();
                    }
                }
            }
        }
        return onOwnConnection(work, false);
    }

    /** Runs {@code work} (a statement, or a whole transaction) on a connection borrowed for it alone. */
    <R> R onOwnConnection(SqlWork<R> work, boolean transaction) throws SQLException {
        try (Connection borrowed = borrow()) {
            CancellableConnection c = new CancellableConnection(borrowed);
            return transaction ? work.run(c) : c.statement(work);
        }
    }

    /** The current thread's session: its async body's, or its request's if it is the request's own thread; else null. */
    private Session ownSession() {
        if (!sessions) return null;
        if (bodySession.isBound()) return bodySession.get();
        Request req = Request.currentOrNull();
        if (req == null) return null;
        Session s = requestSessions.get(req);
        return s != null && s.owner == Thread.currentThread() ? s : bindToRequest(req);
    }

    /** A new session for {@code req} on this thread, if it is the request's own (else null). */
    private Session bindToRequest(Request req) {
        Session s = new Session(this, req, null);
        if (!req.closeWhenThreadLeaves(s)) return null;
        requestSessions.put(req, s);
        return s;
    }

    /** A request's session has been closed: forget it (unless a later stretch's has taken its place). */
    void forget(Session s) {
        requestSessions.remove(s.request, s);
    }

    /**
     * Whether the pool could hand out a connection without waiting for one to come back: one is
     * idle, or there is room for another.
     */
    boolean poolHasRoom() {
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        return p == null || p.getIdleConnections() > 0 || p.getTotalConnections() < poolSize;
    }

    /** Returns a connection to the pool, which resets it (or throws it away if broken). */
    void giveBack(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not return a connection to the pool", e);
        }
    }

    /**
     * Runs {@code work} (which gets connections of its own, e.g. Flyway) holding SQLite's writer
     * turn, without borrowing a connection itself.
     */
    public <R> R exclusive(java.util.function.Supplier<R> work) {
        checkOpen();
        ReentrantLock lock = writer != null && !currentTx.isBound() ? writer : null;
        if (lock != null) lockInterruptibly(lock, WAITING_TO_WRITE);
        try {
            return work.get();
        } finally {
            if (lock != null) lock.unlock();
        }
    }

    Connection borrow() {
        // Outside any shield: the pool may check an idle connection's health on this thread, and
        // an interrupted virtual thread's socket I/O would break it. A cancelled request stops here.
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted (the request cancelled) before getting a database connection");
        }
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            if (closed) throw new DbException("The database is closed", e);
            // The pool gives up waiting when the thread is interrupted: the request was cancelled,
            // the database is fine.
            if (Thread.currentThread().isInterrupted()) {
                throw (CancellationException) new CancellationException("interrupted while waiting for a database connection")
                        .initCause(e);
            }
            throw new ConnectionFailure("No connection to " + url.describe() + " within " + timeoutText + ": "
                    + rootMessage(e), e);
        }
    }

    public DbException translate(SQLException e, ModelInfo<?> model, String what) {
        DbException x = dialect.translate(e, model, what);
        if (x instanceof ConnectionFailure) {
            return new ConnectionFailure("Lost the connection to " + url.describe() + " while " + what + ": " + rootMessage(e)
                    + " (the pool reconnects when the database is back)", e);
        }
        return x;
    }

    private void checkOpen() {
        if (closed) throw new DbException("The database is closed");
    }

    private static final String WAITING_TO_WRITE = "interrupted while waiting to write";

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
        return currentTx.isBound();
    }

    /**
     * Runs {@code body} in a transaction: committed if it returns, rolled back if it throws (and the
     * exception rethrown as is). Inside another transaction it is a savepoint. It runs on the
     * current session's connection if there is one (no second connection for the request), else on
     * one borrowed for it.
     */
    public <R> R transaction(TxBody<R> body) {
        if (currentTx.isBound()) return savepoint(currentTx.get(), body);
        checkOpen();
        ReentrantLock lock = writer;
        if (lock != null) lockInterruptibly(lock, WAITING_TO_WRITE);
        try {
            Session s = ownSession();
            if (s != null) return s.use(c -> inTransaction(c, body), true);
            return onOwnConnection(c -> inTransaction(c, body), true);
        } catch (SQLException e) {
            throw translate(e, null, "ending a transaction");
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
    private <R> R inTransaction(CancellableConnection c, TxBody<R> body) {
        Tx tx = new Tx(c);
        try {
            c.uncancellable(BEGIN);
        } catch (SQLException e) {
            throw translate(e, null, "starting a transaction");
        }
        R result;
        try {
            result = ScopedValue.where(currentTx, tx).call(body::run);
        } catch (Throwable t) {
            tx.end();
            rollback(c, t);
            throw sneaky(t);
        }
        tx.end();
        try {
            c.uncancellable(COMMIT);
        } catch (SQLException e) {
            rollback(c, e);
            throw translate(e, null, "committing a transaction");
        }
        restoreAutoCommit(c);
        return result;
    }

    private <R> R savepoint(Tx tx, TxBody<R> body) {
        Savepoint sp;
        try {
            sp = tx.control(c -> c.connection().setSavepoint());
        } catch (SQLException e) {
            throw translate(e, null, "setting a savepoint");
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
            throw sneaky(t);
        }
        try {
            tx.control(c -> {
                c.connection().releaseSavepoint(sp);
                return null;
            });
        } catch (SQLException e) {
            throw translate(e, null, "releasing a savepoint");
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

    // ---- async twins ----

    /** The driver class for the URLs duet-db's own drivers serve, if that driver is on the class path. */
    static String driverClass(String jdbcUrl) {
        String name;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) name = "org.sqlite.JDBC";
        else if (jdbcUrl.startsWith("jdbc:postgresql:")) name = "org.postgresql.Driver";
        else if (jdbcUrl.startsWith("jdbc:mariadb:")) name = "org.mariadb.jdbc.Driver";
        else return null;
        try {
            Class.forName(name, false, Engine.class.getClassLoader());
            return name;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /**
     * Runs blocking {@code work} on a virtual thread and completes with its result. At most
     * {@link #poolSize} such calls run at once (a fair semaphore); the rest wait in line, up to
     * {@code maxQueuedAsync}, past which they fail with {@link Overloaded}. Inside a Duet request the
     * task sees the request ({@link Request#current()}, the log MDC) and is cancelled with it;
     * inside a transaction it uses the transaction (and takes no permit: it needs no new connection).
     * Otherwise its statements share a session of their own, which starts on the caller's session
     * connection while that is free, and borrows only when it is not.
     */
    public <R> CompletableFuture<R> async(Callable<R> work) {
        if (closed) return CompletableFuture.failedFuture(new DbException("The database is closed"));
        Tx tx = currentTx.isBound() ? currentTx.get() : null;
        Callable<R> body;
        CompletableFuture<R> result;
        AtomicBoolean queued = new AtomicBoolean();
        if (tx != null) {
            body = () -> ScopedValue.where(currentTx, tx).call(work::call);
        } else {
            Callable<R> inSession = sessions ? inSessionOfItsOwn(work, startersSession()) : work;
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
                    return inSession.call();
                } finally {
                    permits.release();
                }
            };
        }
        Request req = Request.currentOrNull();
        if (req != null) {
            result = req.tasks().offload(body);
        } else {
            CompletableFuture<R> cf = new CompletableFuture<>();
            Callable<R> b = body;
            virtual.newThread(() -> {
                try {
                    cf.complete(b.call());
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

    /** The session an async call started here may share: this thread's body's, or the current request's. */
    private Session startersSession() {
        if (bodySession.isBound()) return bodySession.get();
        Request req = Request.currentOrNull();
        return req == null ? null : requestSessions.get(req);
    }

    private <R> Callable<R> inSessionOfItsOwn(Callable<R> work, Session starter) {
        return () -> {
            try (Session s = new Session(this, null, starter)) {
                return ScopedValue.where(bodySession, s).call(work::call);
            }
        };
    }

    /** Async calls waiting for a permit now. */
    public int asyncWaiting() {
        return waiting.get();
    }

    // ---- statements ----

    public <R> List<R> query(CancellableConnection c, String sql, List<Param> params, RowReader<R> reader) throws SQLException {
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<R> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(rs));
                return out;
            }
        }
    }

    /** A SELECT whose row reader depends on the result's columns (raw SQL). */
    public <R> List<R> rawQuery(CancellableConnection c, String sql, List<Param> params, ReaderFactory<R> readers) throws SQLException {
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                RowReader<R> reader = readers.forColumns(rs.getMetaData());
                List<R> out = new ArrayList<>();
                while (rs.next()) out.add(reader.read(rs));
                return out;
            }
        }
    }

    /** Makes a row reader once the result's columns are known. */
    @FunctionalInterface
    public interface ReaderFactory<R> {
        RowReader<R> forColumns(java.sql.ResultSetMetaData md) throws SQLException;
    }

    public int update(CancellableConnection c, String sql, List<Param> params) throws SQLException {
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs an INSERT and returns the generated id ({@code id} column), read as the id's type:
     * {@code returning} ({@code sql} with {@code RETURNING id}) where the dialect has it, else
     * {@code sql} and JDBC's generated keys.
     */
    public Object insert(CancellableConnection c, String sql, String returning, List<Param> params, Col id) throws SQLException {
        if (dialect.insertReturning()) {
            logSql(returning, params);
            try (PreparedStatement ps = c.prepare(returning)) {
                bind(ps, params);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new SQLException("INSERT returned no id");
                    return codec.read(rs, 1, id);
                }
            }
        }
        logSql(sql, params);
        try (PreparedStatement ps = c.prepare(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                if (!rs.next()) throw new SQLException("INSERT returned no generated key");
                return id.normalize(rs.getLong(1));
            }
        }
    }

    /**
     * Runs an INSERT once per parameter list and returns the generated ids ({@code id} column), in
     * order: in JDBC batches of 1000 with the generated keys read back, or, on SQLite (in process,
     * no round trips to save), one {@code returning} statement per row on one prepared statement.
     */
    public List<Object> insertAll(CancellableConnection c, String sql, String returning, List<List<Param>> rows, Col id) throws SQLException {
        List<Object> ids = new ArrayList<>(rows.size());
        if (dialect.insertsRowByRow()) {
            logSql(returning, rows.getFirst());
            try (PreparedStatement ps = c.prepare(returning)) {
                for (List<Param> row : rows) {
                    bind(ps, row);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) throw new SQLException("INSERT returned no id");
                        ids.add(codec.read(rs, 1, id));
                    }
                }
            }
            return ids;
        }
        logSql(sql, rows.getFirst());
        try (PreparedStatement ps = dialect.insertReturning()
                ? c.prepare(sql, new String[] {id.column})
                : c.prepare(sql, Statement.RETURN_GENERATED_KEYS)) {
            int inBatch = 0;
            for (List<Param> row : rows) {
                bind(ps, row);
                ps.addBatch();
                if (++inBatch == 1000) {
                    ps.executeBatch();
                    generatedKeys(ps, id, ids);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) {
                ps.executeBatch();
                generatedKeys(ps, id, ids);
            }
        }
        if (ids.size() != rows.size()) {
            throw new SQLException("expected " + rows.size() + " generated ids from a batch insert, got " + ids.size());
        }
        return ids;
    }

    private static void generatedKeys(PreparedStatement ps, Col id, List<Object> into) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            while (rs.next()) into.add(id.normalize(rs.getLong(1)));
        }
    }

    /** Runs {@code sql} once per parameter list, in batches; the rows changed. */
    public int batch(CancellableConnection c, String sql, List<List<Param>> rows) throws SQLException {
        int total = 0;
        for (int n : batchCounts(c, sql, rows)) total += n >= 0 ? n : (n == Statement.SUCCESS_NO_INFO ? 1 : 0);
        return total;
    }

    /**
     * Runs {@code sql} once per parameter list, in JDBC batches of 1000, and returns each row's
     * update count as the driver reports it: {@link Statement#SUCCESS_NO_INFO} where it does not
     * say (MariaDB's bulk protocol).
     */
    public int[] batchCounts(CancellableConnection c, String sql, List<List<Param>> rows) throws SQLException {
        logSql(sql, rows.isEmpty() ? List.of() : rows.getFirst());
        int[] counts = new int[rows.size()];
        int done = 0;
        try (PreparedStatement ps = c.prepare(sql)) {
            int inBatch = 0;
            for (List<Param> row : rows) {
                bind(ps, row);
                ps.addBatch();
                if (++inBatch == 1000) {
                    done = collect(ps.executeBatch(), counts, done, inBatch);
                    inBatch = 0;
                }
            }
            if (inBatch > 0) collect(ps.executeBatch(), counts, done, inBatch);
        }
        return counts;
    }

    private static int collect(int[] got, int[] counts, int from, int n) {
        if (got.length == n) System.arraycopy(got, 0, counts, from, n);
        else java.util.Arrays.fill(counts, from, from + n, Statement.SUCCESS_NO_INFO);
        return from + n;
    }

    /** Runs DDL or other statements without parameters. */
    public void execute(CancellableConnection c, String sql) throws SQLException {
        logSql(sql, List.of());
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private void bind(PreparedStatement ps, List<Param> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) codec.bind(ps, i + 1, params.get(i));
    }

    private static void logSql(String sql, List<Param> params) {
        if (sqlLog.isDebugEnabled()) {
            sqlLog.debug("{} {}", sql, params.stream().map(p -> p.value() instanceof byte[] b ? "<" + b.length + " bytes>" : p.value()).toList());
        }
    }

    // ---- lifecycle ----

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        pool.close();
        requestSessions.clear();
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
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
