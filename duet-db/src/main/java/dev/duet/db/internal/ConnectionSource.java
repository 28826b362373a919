package dev.duet.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import com.zaxxer.hikari.pool.HikariPool;
import dev.duet.Request;
import dev.duet.db.ConnectionFailure;
import dev.duet.db.Database;
import dev.duet.db.DbConfig;
import dev.duet.db.DbException;
import dev.duet.db.internal.dialect.Dialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a statement outside a transaction gets its connection: the pool (HikariCP, set up for
 * each database here), and the {@link Session}s that let consecutive statements of one unit of
 * work reuse one pooled connection. First match wins:
 * <ol>
 * <li>the session of the current unit of work: an async body's, or, on a request's own thread,
 *     one bound to the request until that thread leaves it (unless {@code connectionPerRequest}
 *     is off);
 * <li>on another thread of a request (a toolkit task), the request's session connection if it is
 *     free right now;
 * <li>the pool, for this statement only.
 * </ol>
 *
 * <p>Whatever borrows from the pool (a statement, a transaction, a session; blocking code or an
 * async twin's body) first takes one of {@code poolSize} fair permits, and gives it back when the
 * connection goes back. So borrowers queue here, first come first served, and never wait inside
 * the pool: a virtual thread waiting there costs a hand-off to the pool's connection-adder thread
 * and a timed poll per miss, several times what a place in this queue costs. A borrower that gets
 * no permit within the connection timeout fails as the pool's own timeout would.
 */
final class ConnectionSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.db");

    final Dialect dialect;
    final DbUrl url;
    final int poolSize;
    final long connectionTimeoutNanos;
    private final String timeoutText;
    private final HikariDataSource pool;
    private final DataSource dataSource;
    /** The fail-fast while a database server is unreachable; null for SQLite, which has no server to lose. */
    private final Outage outage;
    /** Statements share a connection per unit of work (see {@link Session}); off, each borrows its own. */
    private final boolean sessions;
    /** The session of the async body running on this thread. */
    private final ScopedValue<Session> bodySession = ScopedValue.newInstance();
    /** Each request's session, while its own thread has one: found by that thread, and lent to the request's other threads. */
    private final Map<Request, Session> requestSessions = new ConcurrentHashMap<>();
    /** One per connection the pool may lend; a borrower holds one while it holds a connection (see the class comment). */
    private final ConnectionPermits permits;
    private final String poolName;
    private volatile boolean closed;

    ConnectionSource(DbConfig config, DbUrl url, Dialect dialect, String poolName) {
        this.dialect = dialect;
        this.url = url;
        this.poolSize = config.poolSize() > 0 ? (url.memory() ? 1 : config.poolSize()) : url.memory() ? 1 : 10;
        if (url.memory() && config.poolSize() > 1) {
            log.warn("An in-memory SQLite database lives in one connection: pool size {} lowered to 1", config.poolSize());
        }
        this.timeoutText = config.connectionTimeout().toMillis() + " ms";
        this.connectionTimeoutNanos = config.connectionTimeout().toNanos();
        this.sessions = config.connectionPerRequest();
        this.permits = new ConnectionPermits(poolSize, connectionTimeoutNanos, poolName + "-permit-timeouts");
        this.poolName = poolName;
        this.pool = open(config, poolName);
        int minimumIdle = pool.getMinimumIdle();
        this.outage = url.kind() == DbUrl.Kind.SQLITE ? null : new Outage(url.describe(), this::connectOutsidePool,
                () -> pool.setMinimumIdle(0), () -> pool.setMinimumIdle(minimumIdle));
        DataSource ds = config.decorator().apply(pool);
        this.dataSource = ds == null ? pool : ds;
    }

    private HikariDataSource open(DbConfig config, String poolName) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
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
                if (!d.lostConnection(e)) return SQLExceptionOverride.Override.CONTINUE_EVICT;
                if (outage != null && !closed) outage.suspect(e); // the server may be gone: fail fast until a probe says not
                return SQLExceptionOverride.Override.MUST_EVICT;
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
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw new ConnectionFailure("Cannot connect to " + url.describe() + ": " + Engine.rootMessage(e)
                    + ". Is the server running, and are the URL, user and password right?", e);
        } catch (RuntimeException e) {
            throw new ConnectionFailure("Cannot set up the pool for " + url.describe() + ": " + Engine.rootMessage(e), e);
        }
    }

    /** The driver class for the URLs duet-db's own drivers serve, if that driver is on the class path. */
    static String driverClass(String jdbcUrl) {
        String name;
        if (jdbcUrl.startsWith("jdbc:sqlite:")) name = "org.sqlite.JDBC";
        else if (jdbcUrl.startsWith("jdbc:postgresql:")) name = "org.postgresql.Driver";
        else if (jdbcUrl.startsWith("jdbc:mariadb:")) name = "org.mariadb.jdbc.Driver";
        else return null;
        try {
            Class.forName(name, false, ConnectionSource.class.getClassLoader());
            return name;
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** A connection of its own, made by the driver (not the pool) with the pool's settings: the outage probe's. */
    private Connection connectOutsidePool() throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) props.setProperty("user", pool.getUsername());
        if (pool.getPassword() != null) props.setProperty("password", pool.getPassword());
        java.sql.Driver driver;
        String name = pool.getDriverClassName();
        try {
            driver = name != null ? (java.sql.Driver) Class.forName(name, true, ConnectionSource.class.getClassLoader())
                    .getDeclaredConstructor().newInstance() : java.sql.DriverManager.getDriver(pool.getJdbcUrl());
        } catch (ReflectiveOperationException e) {
            throw new SQLException("Cannot load the driver " + name, e);
        }
        Connection c = driver.connect(pool.getJdbcUrl(), props);
        if (c == null) throw new SQLException("No driver for " + url.describe());
        return c;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * The pool's figures now: {active, idle, waiting}, where waiting counts the borrowers queued for
     * a permit as well as any waiting inside the pool; zeros before the pool's first connection.
     */
    int[] poolFigures() {
        var bean = pool.getHikariPoolMXBean();
        if (bean == null) return new int[] {0, 0, permits.waiting()};
        return new int[] {bean.getActiveConnections(), bean.getIdleConnections(),
                bean.getThreadsAwaitingConnection() + permits.waiting()};
    }

    /** Borrowers waiting for a permit now (blocking statements and async bodies alike). */
    int waitingForPermit() {
        return permits.waiting();
    }

    boolean isClosed() {
        return closed;
    }

    // ---- units of work ----

    /** Runs a statement on the connection of the current unit of work, or on one borrowed for it alone. */
    <R> R statement(SqlWork<R> work) throws SQLException {
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
        CancellableConnection c = new CancellableConnection(borrow());
        try {
            return transaction ? work.run(c) : c.statement(work);
        } finally {
            giveBack(c);
        }
    }

    /** The current thread's session: its async body's, or its request's if it is the request's own thread; else null. */
    Session ownSession() {
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
     * {@code work} as the body of an async call: its statements share a session of their own,
     * which starts on the caller's session connection (this thread's body's, or the current
     * request's) while that is free, and borrows only when it is not. Null without sessions: the
     * body's statements borrow one each.
     */
    <R> Callable<R> inSessionOfItsOwn(Database.Work<R> work) {
        if (!sessions) return null;
        Session starter = bodySession.isBound() ? bodySession.get() : requestSession();
        return () -> {
            try (Session s = new Session(this, null, starter)) {
                return ScopedValue.where(bodySession, s).call(work::run);
            }
        };
    }

    private Session requestSession() {
        Request req = Request.currentOrNull();
        return req == null ? null : requestSessions.get(req);
    }

    // ---- the pool ----

    /**
     * Whether the pool could hand out a connection without waiting for one to come back: one is
     * idle, or there is room for another.
     */
    boolean poolHasRoom() {
        if (permits.available() == 0) return false;
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        return p == null || p.getIdleConnections() > 0 || p.getTotalConnections() < poolSize;
    }

    /**
     * A connection from the pool, a permit taken for it first (see the class comment); give it
     * back with {@link #giveBack}, which returns the permit too.
     */
    Connection borrow() {
        // Outside any shield: the pool may check an idle connection's health on this thread, and
        // an interrupted virtual thread's socket I/O would break it. A cancelled request stops here.
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("interrupted (the request cancelled) before getting a database connection");
        }
        if (outage != null) outage.check();
        takePermit();
        boolean lent = false;
        try {
            Connection c = dataSource.getConnection();
            lent = true;
            return c;
        } catch (SQLException e) {
            if (closed) throw new DbException("The database is closed", e);
            // The pool gives up waiting when the thread is interrupted: the request was cancelled,
            // the database is fine.
            if (Thread.currentThread().isInterrupted()) {
                throw (CancellationException) new CancellationException("interrupted while waiting for a database connection")
                        .initCause(e);
            }
            // The pool had room for another connection and still made none: the server is not
            // answering, so the calls after this one fail fast instead of each waiting as long.
            HikariPoolMXBean p = pool.getHikariPoolMXBean();
            if (outage != null && p != null && p.getTotalConnections() < poolSize) outage.suspect(e);
            throw timedOut(e);
        } finally {
            if (!lent) permits.release();
        }
    }

    /** Takes a permit, in turn, waiting up to the connection timeout (see {@link ConnectionPermits}). */
    private void takePermit() {
        try {
            if (permits.acquire()) return;
        } catch (InterruptedException e) {
            // As the pool does when its wait is interrupted: the flag stays set for the code above.
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a database connection");
        }
        if (closed) throw new DbException("The database is closed");
        // Every connection is lent out: what the pool's own timeout says in this case, with its figures.
        HikariPoolMXBean p = pool.getHikariPoolMXBean();
        String figures = p == null ? "" : " (total=" + p.getTotalConnections() + ", active=" + p.getActiveConnections()
                + ", idle=" + p.getIdleConnections() + ", waiting=" + permits.waiting() + ")";
        throw timedOut(new java.sql.SQLTransientConnectionException(poolName + " - Connection is not available, request timed out after "
                + TimeUnit.NANOSECONDS.toMillis(connectionTimeoutNanos) + "ms" + figures));
    }

    private ConnectionFailure timedOut(SQLException e) {
        return new ConnectionFailure("No connection to " + url.describe() + " within " + timeoutText + ": "
                + Engine.rootMessage(e), e);
    }

    /** Returns a session's connection to the pool, its kept statements closed first. */
    void giveBack(CancellableConnection c) {
        c.closeKept();
        giveBack(c.connection());
    }

    /** Returns a connection {@link #borrow} gave to the pool, which resets it (or throws it away if broken), and its permit. */
    void giveBack(Connection c) {
        try {
            c.close();
        } catch (SQLException | RuntimeException e) {
            log.debug("Could not return a connection to the pool", e);
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (outage != null) outage.close();
        pool.close();
        requestSessions.clear();
    }
}
