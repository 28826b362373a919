package dev.duet.db;

import dev.duet.db.internal.DbUrl;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How to reach a database and the limits of its pool. Every knob has a default.
 *
 * <pre>{@code
 * Database db = Database.connect(DbConfig.builder()
 *         .url("postgresql://app:secret@db.internal:5432/app")
 *         .poolSize(20)
 *         .build());
 * }</pre>
 *
 * @param url               {@code sqlite:app.db}, {@code sqlite::memory:}, {@code postgresql://user:pass@host:port/db},
 *                          {@code mysql://…}, {@code mariadb://…}, or a {@code jdbc:} URL
 * @param poolSize          connections in the pool; 0 picks the default (10; 1 for an in-memory SQLite database).
 *                          Async calls in flight are bounded by the same number.
 * @param connectionTimeout how long a call waits for a pooled connection (and a new connection for the
 *                          server) before failing with {@link ConnectionFailure} (10 s)
 * @param maxQueuedAsync    async calls that may wait for a connection; more fail at once with {@link Overloaded} (100 000)
 * @param busyTimeout       SQLite: how long a write waits for another process's lock before SQLITE_BUSY (10 s)
 * @param checkOnConnect    {@link Database#connect} opens a first connection, so a wrong URL, password or port
 *                          fails there with a clear {@link ConnectionFailure} (true)
 * @param properties        extra JDBC driver properties (e.g. {@code sslmode})
 * @param decorator         wraps the pool's {@link DataSource} (metrics, tracing, statement counting in tests)
 * @param connectionPerRequest the statements a request runs on its own thread share one pooled connection,
 *                          borrowed at the first and returned when the thread is done with the request, and
 *                          the statements of one async call ({@link Database#async}) share one too (true);
 *                          false: every statement borrows a connection and returns it at once.
 *                          {@code DATABASE_CONNECTION_PER_REQUEST}
 * @param tablePrefix       put before the name of every table of a model (and of its constraints and indexes, and of
 *                          Flyway's history table), so that apps with different prefixes share a database without
 *                          seeing each other's rows: {@code "shop_"} makes {@code User}'s table {@code shop_users}
 *                          ({@code ""}: none). Lower-case letters, digits and underscores. {@code DATABASE_TABLE_PREFIX}
 * @param schema            the schema that holds the tables: a PostgreSQL schema, a MySQL/MariaDB database (null: the
 *                          connection's own). It must exist. SQLite has none: a schema is refused for a SQLite URL.
 *                          {@code DATABASE_SCHEMA}
 * @param maxRowsInOneUpdate {@link TableOperations#updateAll} of up to this many rows (distinct ids) on PostgreSQL
 *                          sends one statement that is all-or-nothing by itself, so it needs no transaction and no
 *                          {@code COMMIT} round trip; more rows (or fewer, if they would take over 65 535 parameters,
 *                          one per column and row), MySQL/MariaDB and SQLite batch in a transaction instead. 0: always
 *                          batch (1000)
 * @param loopPoolSize      with {@code duet-db-loop} on the class path, PostgreSQL's async twins run their single
 *                          statements on the calling event loop through a pool of each loop's own, beside the JDBC
 *                          pool: the connections of each loop's pool. 0 picks {@code poolSize}. Unused without that
 *                          module, on the Servlet core, on SQLite and on MySQL/MariaDB
 */
public record DbConfig(String url, int poolSize, Duration connectionTimeout, int maxQueuedAsync,
                       Duration busyTimeout, boolean checkOnConnect, Map<String, String> properties,
                       UnaryOperator<DataSource> decorator, boolean connectionPerRequest, String tablePrefix, String schema,
                       int maxRowsInOneUpdate, int loopPoolSize) {

    // Lower case only: Duet quotes the names it writes, and PostgreSQL folds the unquoted names of a
    // migration (`CREATE TABLE ${tablePrefix}users`, `CREATE SCHEMA shop`) to lower case; a capital
    // would make the two name different tables.
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * Checks every knob, so that a bad one fails here rather than at the first query: a null url,
     * timeout, map or decorator is refused (NullPointerException); a negative size, a timeout under
     * 250 ms, a prefix or schema that is not a plain SQL name, or a schema with a SQLite URL is
     * refused (IllegalArgumentException). {@code properties} is copied.
     */
    public DbConfig {
        Objects.requireNonNull(url, "url");
        if (poolSize < 0) throw new IllegalArgumentException("poolSize must be >= 0, got " + poolSize);
        if (maxQueuedAsync < 0) throw new IllegalArgumentException("maxQueuedAsync must be >= 0, got " + maxQueuedAsync);
        if (loopPoolSize < 0) throw new IllegalArgumentException("loopPoolSize must be >= 0, got " + loopPoolSize);
        if (maxRowsInOneUpdate < 0) throw new IllegalArgumentException("maxRowsInOneUpdate must be >= 0, got " + maxRowsInOneUpdate);
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connectionTimeout must be at least 250 ms, got " + connectionTimeout);
        }
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        properties = Map.copyOf(properties);
        Objects.requireNonNull(decorator, "decorator");
        Objects.requireNonNull(tablePrefix, "tablePrefix");
        if (!tablePrefix.isEmpty() && !NAME.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException("tablePrefix must be lower-case letters, digits and underscores (not starting"
                    + " with a digit), got '" + tablePrefix + "'");
        }
        if (schema != null) {
            if (!NAME.matcher(schema).matches() || schema.length() > 63) {
                throw new IllegalArgumentException("schema must be lower-case letters, digits and underscores (not starting"
                        + " with a digit, at most 63), got '" + schema + "'");
            }
            if (DbUrl.parse(url).kind() == DbUrl.Kind.SQLITE) {
                throw new IllegalArgumentException("schema(\"" + schema + "\") names a PostgreSQL schema or a MySQL/MariaDB database;"
                        + " SQLite has neither (the file is the database): use a tablePrefix, or another file");
            }
        }
    }

    /** The config as it was before {@code loopPoolSize}: {@code poolSize}. */
    public DbConfig(String url, int poolSize, Duration connectionTimeout, int maxQueuedAsync, Duration busyTimeout,
                    boolean checkOnConnect, Map<String, String> properties, UnaryOperator<DataSource> decorator,
                    boolean connectionPerRequest, String tablePrefix, String schema, int maxRowsInOneUpdate) {
        this(url, poolSize, connectionTimeout, maxQueuedAsync, busyTimeout, checkOnConnect, properties, decorator,
                connectionPerRequest, tablePrefix, schema, maxRowsInOneUpdate, 0);
    }

    /** The config as it was before {@code maxRowsInOneUpdate}: 1000. */
    public DbConfig(String url, int poolSize, Duration connectionTimeout, int maxQueuedAsync, Duration busyTimeout,
                    boolean checkOnConnect, Map<String, String> properties, UnaryOperator<DataSource> decorator,
                    boolean connectionPerRequest, String tablePrefix, String schema) {
        this(url, poolSize, connectionTimeout, maxQueuedAsync, busyTimeout, checkOnConnect, properties, decorator,
                connectionPerRequest, tablePrefix, schema, Builder.MAX_ROWS_IN_ONE_UPDATE);
    }

    /** The config as it was before {@code tablePrefix} and {@code schema}: neither. */
    public DbConfig(String url, int poolSize, Duration connectionTimeout, int maxQueuedAsync, Duration busyTimeout,
                    boolean checkOnConnect, Map<String, String> properties, UnaryOperator<DataSource> decorator,
                    boolean connectionPerRequest) {
        this(url, poolSize, connectionTimeout, maxQueuedAsync, busyTimeout, checkOnConnect, properties, decorator,
                connectionPerRequest, "", null);
    }

    /** The config as it was before {@code connectionPerRequest}: on. */
    public DbConfig(String url, int poolSize, Duration connectionTimeout, int maxQueuedAsync, Duration busyTimeout,
                    boolean checkOnConnect, Map<String, String> properties, UnaryOperator<DataSource> decorator) {
        this(url, poolSize, connectionTimeout, maxQueuedAsync, busyTimeout, checkOnConnect, properties, decorator, true, "", null);
    }

    /** A builder with every default: {@code sqlite:duet.db}, the pool and timeouts of the record's parameters. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code DATABASE_URL} (or the {@code duet.databaseUrl} system property), {@code sqlite:duet.db} if unset;
     * {@code DATABASE_POOL_SIZE} and {@code DATABASE_CONNECTION_PER_REQUEST} too.
     */
    public static DbConfig fromEnvironment() {
        return fromEnvironment("sqlite:duet.db");
    }

    /**
     * {@code DATABASE_URL} (or the {@code duet.databaseUrl} system property), {@code defaultUrl} if
     * unset; the pool size from {@code DATABASE_POOL_SIZE} (or {@code duet.databasePoolSize}) if set;
     * {@code connectionPerRequest} from {@code DATABASE_CONNECTION_PER_REQUEST} (or
     * {@code duet.databaseConnectionPerRequest}), {@code true} or {@code false}, if set; the table
     * prefix and schema from {@code DATABASE_TABLE_PREFIX} and {@code DATABASE_SCHEMA} (or
     * {@code duet.databaseTablePrefix}, {@code duet.databaseSchema}), if set.
     */
    public static DbConfig fromEnvironment(String defaultUrl) {
        Objects.requireNonNull(defaultUrl, "defaultUrl");
        Builder b = builder();
        String url = System.getProperty("duet.databaseUrl", System.getenv("DATABASE_URL"));
        b.url(url == null || url.isBlank() ? defaultUrl : url.trim());
        String pool = System.getProperty("duet.databasePoolSize", System.getenv("DATABASE_POOL_SIZE"));
        if (pool != null && !pool.isBlank()) {
            try {
                b.poolSize(Integer.parseInt(pool.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("DATABASE_POOL_SIZE must be an integer, got '" + pool + "'");
            }
        }
        String perRequest = System.getProperty("duet.databaseConnectionPerRequest", System.getenv("DATABASE_CONNECTION_PER_REQUEST"));
        if (perRequest != null && !perRequest.isBlank()) {
            switch (perRequest.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> b.connectionPerRequest(true);
                case "false" -> b.connectionPerRequest(false);
                default -> throw new IllegalArgumentException("DATABASE_CONNECTION_PER_REQUEST must be true or false, got '"
                        + perRequest + "'");
            }
        }
        String prefix = System.getProperty("duet.databaseTablePrefix", System.getenv("DATABASE_TABLE_PREFIX"));
        if (prefix != null && !prefix.isBlank()) b.tablePrefix(prefix.trim());
        String schema = System.getProperty("duet.databaseSchema", System.getenv("DATABASE_SCHEMA"));
        if (schema != null && !schema.isBlank()) b.schema(schema.trim());
        return b.build();
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.url = url;
        b.poolSize = poolSize;
        b.connectionTimeout = connectionTimeout;
        b.maxQueuedAsync = maxQueuedAsync;
        b.busyTimeout = busyTimeout;
        b.checkOnConnect = checkOnConnect;
        b.properties = properties;
        b.decorator = decorator;
        b.connectionPerRequest = connectionPerRequest;
        b.tablePrefix = tablePrefix;
        b.schema = schema;
        b.maxRowsInOneUpdate = maxRowsInOneUpdate;
        b.loopPoolSize = loopPoolSize;
        return b;
    }

    /** Builds a {@link DbConfig}; see the record's parameters for each knob. */
    public static final class Builder {
        private String url = "sqlite:duet.db";
        private int poolSize;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private int maxQueuedAsync = 100_000;
        private Duration busyTimeout = Duration.ofSeconds(10);
        private boolean checkOnConnect = true;
        private Map<String, String> properties = Map.of();
        private UnaryOperator<DataSource> decorator = UnaryOperator.identity();
        private boolean connectionPerRequest = true;
        private String tablePrefix = "";
        private String schema;
        private int maxRowsInOneUpdate = MAX_ROWS_IN_ONE_UPDATE;
        private int loopPoolSize;
        static final int MAX_ROWS_IN_ONE_UPDATE = 1000;

        private Builder() {
        }

        /**
         * Where the database is: {@code sqlite:app.db}, {@code postgresql://user:pass@host:port/db},
         * {@code mysql://…}, {@code mariadb://…} or a {@code jdbc:} URL ({@code sqlite:duet.db} by
         * default).
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /**
         * Connections in the pool, which also bounds the async calls running at once; 0 (the default)
         * means 10, or 1 for an in-memory SQLite database.
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /**
         * How long a call waits for a free pooled connection before failing with
         * {@link ConnectionFailure}; at least 250 ms (10 s by default).
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = timeout;
            return this;
        }

        /**
         * How many async calls may wait for a connection; one more fails at once with
         * {@link Overloaded} (100 000 by default).
         */
        public Builder maxQueuedAsync(int max) {
            this.maxQueuedAsync = max;
            return this;
        }

        /** SQLite only: how long a write waits for another process's lock before failing (10 s by default). */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * Whether {@link Database#connect} opens a first connection, so that a wrong URL or password
         * fails there (true by default).
         */
        public Builder checkOnConnect(boolean check) {
            this.checkOnConnect = check;
            return this;
        }

        /** Extra JDBC driver properties, such as {@code sslmode} for PostgreSQL; copied at {@link #build()}. */
        public Builder properties(Map<String, String> properties) {
            this.properties = properties;
            return this;
        }

        /**
         * Wraps the pool's {@link DataSource}, for metrics, tracing or counting statements in tests
         * (none by default).
         */
        public Builder decorator(UnaryOperator<DataSource> decorator) {
            this.decorator = decorator;
            return this;
        }

        /** Whether a request's statements share one connection (see {@link DbConfig#connectionPerRequest()}). */
        public Builder connectionPerRequest(boolean share) {
            this.connectionPerRequest = share;
            return this;
        }

        /** Put before the name of every table (see {@link DbConfig#tablePrefix()}): {@code tablePrefix("shop_")}. */
        public Builder tablePrefix(String prefix) {
            this.tablePrefix = prefix;
            return this;
        }

        /** The PostgreSQL schema or MySQL/MariaDB database of the tables (see {@link DbConfig#schema()}). */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /**
         * Up to how many rows {@link TableOperations#updateAll} sends as one all-or-nothing statement
         * on PostgreSQL, with no transaction (see {@link DbConfig#maxRowsInOneUpdate()}); 0: always
         * batches in a transaction (1000 by default).
         */
        public Builder maxRowsInOneUpdate(int rows) {
            this.maxRowsInOneUpdate = rows;
            return this;
        }

        /**
         * The connections of each event loop's own pool, where async twins run on the loop
         * (see {@link DbConfig#loopPoolSize()}); 0: {@code poolSize}.
         */
        public Builder loopPoolSize(int connections) {
            this.loopPoolSize = connections;
            return this;
        }

        /** The config; a bad knob fails here (see the record's constructor). */
        public DbConfig build() {
            return new DbConfig(url, poolSize, connectionTimeout, maxQueuedAsync, busyTimeout, checkOnConnect,
                    properties, decorator, connectionPerRequest, tablePrefix, schema, maxRowsInOneUpdate, loopPoolSize);
        }
    }

    @Override
    public String toString() {
        return "DbConfig[url=" + DbUrl.redact(url) + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                + ", maxQueuedAsync=" + maxQueuedAsync + ", busyTimeout=" + busyTimeout + ", checkOnConnect=" + checkOnConnect
                + ", connectionPerRequest=" + connectionPerRequest + (tablePrefix.isEmpty() ? "" : ", tablePrefix=" + tablePrefix)
                + (schema == null ? "" : ", schema=" + schema) + ", maxRowsInOneUpdate=" + maxRowsInOneUpdate
                + (loopPoolSize == 0 ? "" : ", loopPoolSize=" + loopPoolSize) + "]";
    }
}
