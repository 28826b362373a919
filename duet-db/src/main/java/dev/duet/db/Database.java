package dev.duet.db;

import dev.duet.db.internal.DbUrl;
import dev.duet.db.internal.Engine;
import dev.duet.db.internal.TableMapping;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.Schema;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import javax.sql.DataSource;
import java.sql.Date;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A database: a pool of connections and everything done through it. The app creates it (once)
 * and passes it where it is needed; duet-db keeps no global state, so two databases in one
 * process never mix.
 *
 * <pre>{@code
 * Database db = Database.connect("sqlite:app.db");          // or postgresql://…, mysql://…, jdbc:…
 * db.createTables(User.class);                              // idempotent
 * Table<User> users = db.table(User.class);
 * db.transaction(() -> { users.create(a); users.create(b); });
 * List<User> found = db.query(User.class, "SELECT * FROM users WHERE email LIKE ?", "%@x.org");
 * db.close();
 * }</pre>
 */
public final class Database implements DatabaseOperations, AutoCloseable {
    private final Engine engine;
    private final DbConfig config;
    private final Map<Class<?>, Table<?>> tables = new ConcurrentHashMap<>();

    private Database(DbConfig config) {
        this.config = config;
        this.engine = Engine.start(config);
    }

    /**
     * Connects to {@code url}: {@code sqlite:app.db} (a file; WAL, busy timeout, foreign keys on),
     * {@code sqlite::memory:}, {@code postgresql://user:pass@host:port/db},
     * {@code mysql://user:pass@host:port/db} or {@code mariadb://…}, or a {@code jdbc:} URL. Opens a
     * first connection, so a wrong URL, password or port fails here with a {@link ConnectionFailure}
     * saying what it tried.
     */
    public static Database connect(String url) {
        return connect(DbConfig.builder().url(url).build());
    }

    /**
     * Connects with every knob of {@code config}: the URL as in {@link #connect(String)}, the pool's
     * size and timeouts, a table prefix or schema. Opens a first connection unless
     * {@link DbConfig#checkOnConnect()} is false, so an unreachable database fails here with a
     * {@link ConnectionFailure}.
     */
    public static Database connect(DbConfig config) {
        return new Database(config);
    }

    /** Connects to {@code DATABASE_URL} ({@code sqlite:duet.db} if unset); see {@link DbConfig#fromEnvironment()}. */
    public static Database fromEnvironment() {
        return connect(DbConfig.fromEnvironment());
    }

    /** The finder for {@code model}: a record or class with typed fields (see the package docs). Cached. */
    @SuppressWarnings("unchecked")
    public <T> Table<T> table(Class<T> model) {
        return (Table<T>) tables.computeIfAbsent(model, m -> new Table<>(this, engine, m));
    }

    /** {@code sqlite}, {@code postgresql} or {@code mysql} (MySQL and MariaDB). */
    public String dialect() {
        return engine.dialect.name();
    }

    /** Connections in the pool, which also bounds the async calls running at once. */
    public int poolSize() {
        return engine.poolSize;
    }

    /** The pooled (and decorated) DataSource, for libraries that want one. */
    public DataSource dataSource() {
        return engine.dataSource();
    }

    /**
     * The pool's figures now, for metrics (duet-metrics's {@code DuetMetrics.database} reads them).
     *
     * <pre>{@code
     * PoolStats now = database.poolStats();   // e.g. PoolStats[active=3, idle=7, waiting=0, max=10, onLoops=0]
     * }</pre>
     */
    public PoolStats poolStats() {
        int[] f = engine.poolFigures();
        return new PoolStats(f[0], f[1], f[2], poolSize(), engine.loopConnections());
    }

    /**
     * A readiness check for {@link dev.duet.ops.Health}: borrows a pooled connection (waiting at
     * most {@code connectionTimeout}) and asks the driver whether it is still valid, so it fails
     * while the database is unreachable, the pool is exhausted, or this database is closed.
     *
     * <pre>{@code
     * Health.install(app).check("database", database.healthCheck());
     * }</pre>
     */
    public dev.duet.ops.HealthCheck healthCheck() {
        return () -> {
            try (java.sql.Connection c = dataSource().getConnection()) {
                int seconds = (int) Math.max(1, config.connectionTimeout().toSeconds());
                if (!c.isValid(seconds)) throw new java.sql.SQLException("the pooled connection to " + this + " is not valid");
            }
        };
    }

    /** JDBC work on a connection that Duet lends, for {@link #withConnection}. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        /** Uses {@code connection}, which it must not close, nor commit or roll back. */
        T run(java.sql.Connection connection) throws SQLException;
    }

    /**
     * Runs JDBC {@code work} on the connection this database's next statement would use: inside a
     * {@link #transaction(Work)}, that transaction's (so the work's writes commit or roll back with
     * it); otherwise the current unit of work's, or one borrowed for the call. For libraries that
     * speak JDBC and must write in the app's transaction (duet-jobs enqueues this way).
     *
     * <pre>{@code
     * db.transaction(() -> {
     *     orders.create(order);
     *     db.withConnection(c -> legacyAudit.record(c, order.id()));   // same transaction
     * });
     * }</pre>
     */
    public <T> T withConnection(ConnectionWork<T> work) {
        return engine.run(true, null, "running JDBC work", c -> work.run(c.connection()));
    }

    /** The configuration this database was connected with (its {@code toString()} hides the password). */
    public DbConfig config() {
        return config;
    }

    // ---- schema ----

    @Override
    public void createTables(Class<?>... models) {
        for (Class<?> m : models) {
            TableMapping<?> t = table(m).mapping;
            engine.run(true, t, "creating table " + t.table, c -> {
                Schema.create(engine, c, t);
                return null;
            });
        }
    }

    @Override
    public void dropTables(Class<?>... models) {
        for (Class<?> m : models) {
            TableMapping<?> t = table(m).mapping;
            engine.run(true, t, "dropping table " + t.table, c -> {
                Schema.drop(engine, c, t);
                return null;
            });
        }
    }

    /** The DDL {@link #createTables} runs for {@code model} on this database (the table; indexes follow). */
    public String createTableSql(Class<?> model) {
        return Schema.createTable(engine.dialect, table(model).mapping);
    }

    @Override
    public int migrate() {
        return migrations().migrate();
    }

    @Override
    public int migrate(Consumer<FluentConfiguration> configure) {
        return migrations().migrate(configure);
    }

    /**
     * This database's Flyway migrations, to list ({@link Migrations#status()}) or apply; the same
     * set-up as {@link #migrate()}. Does no I/O itself.
     *
     * <pre>{@code
     * db.migrations().pending().forEach(m -> System.out.println("pending: V" + m.version() + " " + m.description()));
     * }</pre>
     */
    public Migrations migrations() {
        return new Migrations(config, engine.dataSource(), engine::exclusive);
    }

    // ---- transactions ----

    /** Work that returns a value, for {@link #transaction(Work)} and {@link #async(Work)}. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work and returns its result (may be null). An exception it throws, checked or
         * not, rolls a transaction back and is rethrown as it is; in {@link #async(Work)} it fails
         * the returned stage instead.
         */
        T run() throws Exception;
    }

    /** Work that returns nothing, for {@link #transaction(Action)}. */
    @FunctionalInterface
    public interface Action {
        /**
         * Does the work. An exception it throws, checked or not, rolls the transaction back and is
         * rethrown to the caller as it is.
         */
        void run() throws Exception;
    }

    @Override
    public <T> T transaction(Work<T> work) {
        return engine.transaction(work::run);
    }

    @Override
    public void transaction(Action work) {
        engine.transaction(() -> {
            work.run();
            return null;
        });
    }

    /** Whether this thread is inside a transaction of this database. */
    public boolean inTransaction() {
        return engine.inTransaction();
    }

    /**
     * Runs any blocking {@code work} (several ORM calls, say) as an async twin: on a virtual thread,
     * bounded by the pool size, with the request's context and the current transaction. Its
     * statements share one pooled connection, borrowed at the first (unless
     * {@link DbConfig#connectionPerRequest()} is off): for several statements in a row from async
     * code, one body is cheaper than a twin per statement (one thread, one permit, one connection).
     *
     * <pre>{@code
     * app.getAsync("/users/{id:long}/latest", req -> db.async(() -> {
     *     User user = users.get(req.pathLong("id"));
     *     return Map.of("user", user, "posts", posts.where(eq("authorId", user.id())).limit(10).all());
     * }));
     * }</pre>
     */
    @Override
    public <T> CompletionStage<T> async(Work<T> work) {
        return engine.async(work);
    }

    // ---- raw SQL ----

    @Override
    public <T> List<T> query(Class<T> model, String sql, Object... params) {
        Table<T> t = table(model);
        List<Param> p = params(params);
        return engine.run(isWrite(sql), t.mapping, "running a query", c -> engine.statements.rawQuery(c, sql, p, t.mapping::labelReader));
    }

    @Override
    public List<Map<String, Object>> queryMaps(String sql, Object... params) {
        List<Param> p = params(params);
        return engine.run(isWrite(sql), null, "running a query", c -> engine.statements.rawQuery(c, sql, p, md -> {
            int n = md.getColumnCount();
            String[] labels = labels(md, n);
            return rs -> {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= n; i++) row.put(labels[i], plain(engine.codec.readAny(rs, i)));
                return row;
            };
        }));
    }

    @Override
    public int execute(String sql, Object... params) {
        List<Param> p = params(params);
        return engine.run(true, null, "running a statement", c -> engine.statements.rawUpdate(c, sql, p));
    }

    private static List<Param> params(Object[] values) {
        List<Param> p = new ArrayList<>(values.length);
        for (Object v : values) p.add(Param.of(v));
        return p;
    }

    private static boolean isWrite(String sql) {
        String s = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
        return !(s.startsWith("select") || s.startsWith("with") || s.startsWith("pragma") || s.startsWith("show")
                || s.startsWith("explain"));
    }

    private static String[] labels(ResultSetMetaData md, int n) throws SQLException {
        String[] labels = new String[n + 1];
        for (int i = 1; i <= n; i++) labels[i] = md.getColumnLabel(i);
        return labels;
    }

    private static Object plain(Object v) {
        return switch (v) {
            case Timestamp t -> t.toInstant();
            case Date d -> d.toLocalDate();
            case java.time.OffsetDateTime o -> o.toInstant();
            case null, default -> v;
        };
    }

    // ---- lifecycle ----

    /** Closes the pool; calls after this fail. */
    @Override
    public void close() {
        engine.close();
    }

    /** Whether {@link #close()} was called: every later call fails with a {@link DbException}. */
    public boolean isClosed() {
        return engine.isClosed();
    }

    @Override
    public String toString() {
        return "Database[" + DbUrl.redact(config.url()) + ", " + dialect() + ", pool " + poolSize() + "]";
    }
}
