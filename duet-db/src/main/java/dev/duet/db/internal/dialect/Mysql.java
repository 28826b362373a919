package dev.duet.db.internal.dialect;

import dev.duet.db.internal.Columns;
import dev.duet.db.internal.CancellableConnection;
import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.DbUrl;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.TableMapping;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB, through the MariaDB driver: backticks, DATETIME(6) in UTC, CHAR(36) UUIDs,
 * generated keys instead of RETURNING, {@code ON DUPLICATE KEY UPDATE}; errors by vendor code.
 */
public final class Mysql extends Dialect {
    /** Whether the server takes {@code INSERT … AS alias ON DUPLICATE KEY UPDATE c = alias.c}; learnt from the first connection asked. */
    private volatile Boolean rowAlias;

    public Mysql() {
        super(new Values(), new Errors());
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public DbUrl.Kind kind() {
        return DbUrl.Kind.MYSQL;
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    @Override
    public String sqlType(Col c) {
        return switch (c.type) {
            case INT -> c.javaType == short.class || c.javaType == Short.class ? "SMALLINT" : "INT";
            case LONG -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            case DOUBLE -> "DOUBLE";
            case DECIMAL -> "DECIMAL(" + c.precision + "," + c.scale + ")";
            case STRING -> "VARCHAR(" + c.length + ")";
            case ENUM -> "VARCHAR(" + enumLength(c) + ")";
            case TEXT -> "LONGTEXT";
            case INSTANT -> "DATETIME(6)";
            case DATE -> "DATE";
            case UUID -> "CHAR(36)";
            case BYTES -> "LONGBLOB";
        };
    }

    @Override
    public String generatedIdColumn(Col c) {
        return quote(c.column) + (c.type == ColumnType.INT ? " INT" : " BIGINT") + " NOT NULL AUTO_INCREMENT PRIMARY KEY";
    }

    @Override
    public String tableOptions() {
        return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    @Override
    public boolean insertReturning() {
        return false;
    }

    @Override
    public void limitOffset(StringBuilder sql, List<Param> params, Integer limit, Integer offset) {
        if (limit == null && offset != null && offset > 0 && sql != null) {
            sql.append(" LIMIT 18446744073709551615");
        }
        super.limitOffset(sql, params, limit, offset);
    }

    @Override
    public String upsert(Connection c, String table, List<String> columns, List<String> conflict, List<String> update)
            throws SQLException {
        Boolean alias = rowAlias;
        if (alias == null) {
            DatabaseMetaData md = c.getMetaData();
            alias = supportsRowAlias(md.getDatabaseProductName(), md.getDatabaseProductVersion());
            rowAlias = alias;
        }
        return upsert(alias, table, columns, conflict, update);
    }

    /**
     * MySQL 8.0.19 and later name the new row with an alias ({@code VALUES (…) AS new … c = new.c});
     * they deprecate the older {@code c = VALUES(c)}, which MariaDB, which has no row alias, keeps.
     */
    public static boolean supportsRowAlias(String product, String version) {
        if (product == null || version == null) return false;
        if (product.toLowerCase(Locale.ROOT).contains("mariadb") || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return false;
        }
        Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version.strip());
        if (!m.find()) return false;
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        return major > 8 || (major == 8 && (minor > 0 || patch >= 19));
    }

    /** The upsert into {@code table} (quoted) in MySQL's row-alias form ({@code rowAlias}) or in the {@code VALUES()} form MariaDB speaks. */
    public String upsert(boolean rowAlias, String table, List<String> columns, List<String> conflict, List<String> update) {
        StringBuilder sb = insertPrefix(table, columns);
        String alias = quote("duet_new");
        if (rowAlias) sb.append(" AS ").append(alias);
        List<String> set = update.isEmpty() ? List.of(conflict.getFirst()) : update;
        sb.append(" ON DUPLICATE KEY UPDATE ");
        for (int i = 0; i < set.size(); i++) {
            if (i > 0) sb.append(", ");
            String q = quote(set.get(i));
            sb.append(q).append(" = ");
            if (update.isEmpty()) sb.append(q);                       // nothing to change: a no-op
            else if (rowAlias) sb.append(alias).append('.').append(q);
            else sb.append("VALUES(").append(q).append(')');
        }
        return sb.toString();
    }

    @Override
    public List<String> createIndex(CancellableConnection c, TableMapping<?> table, ModelInfo.IndexInfo index) throws SQLException {
        try (PreparedStatement ps = c.prepare("SELECT 1 FROM information_schema.statistics"
                + " WHERE table_schema = COALESCE(?, DATABASE()) AND table_name = ? AND index_name = ?")) {
            ps.setString(1, table.naming.schema());
            ps.setString(2, table.table);
            ps.setString(3, index.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return List.of();
            }
        }
        return List.of("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + quote(index.name())
                + " ON " + table.quotedTable + " (" + columnList(index) + ")");
    }

    @Override
    protected String nowExpression() {
        return "CURRENT_TIMESTAMP(6)";
    }

    @Override
    protected String instantText(Instant i) {
        return LocalDateTime.ofInstant(i, ZoneOffset.UTC).toString().replace('T', ' ');
    }

    /** Instants as DATETIME(6) in UTC (a LocalDateTime), UUIDs as CHAR(36). */
    static final class Values extends Codec {
        @Override
        protected int nullType(ColumnType t) {
            return t == ColumnType.INSTANT ? Types.TIMESTAMP : t == ColumnType.UUID ? Types.CHAR : super.nullType(t);
        }

        @Override
        protected void bindInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
            ps.setObject(i, LocalDateTime.ofInstant(v, ZoneOffset.UTC));
        }

        @Override
        protected Instant readInstant(Columns rs, int i) throws SQLException {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
    }

    /** By vendor error code; the message names the key, column, check or foreign key. */
    static final class Errors extends SqlErrors {
        private static final Pattern KEY = Pattern.compile("for key '([^']+)'");
        private static final Pattern COLUMN = Pattern.compile("(?:Column|Field|column) '([^']+)'");
        private static final Pattern CHECK = Pattern.compile("CONSTRAINT `([^`]+)` failed");
        private static final Pattern CHECK_MYSQL = Pattern.compile("Check constraint '([^']+)'");
        private static final Pattern FK = Pattern.compile("CONSTRAINT `([^`]+)` FOREIGN KEY");
        private static final Pattern FK_TABLE = Pattern.compile("fails \\(`[^`]*`\\.`([^`]+)`");

        @Override
        protected Kind classify(SQLException e, String state) {
            return switch (e.getErrorCode()) {
                case 1062, 1586 -> Kind.UNIQUE;
                case 1048, 1364 -> Kind.NOT_NULL;
                case 1451, 1452, 1216, 1217 -> Kind.FOREIGN_KEY;
                case 4025, 3819 -> Kind.CHECK;
                case 1406 -> Kind.TOO_LONG;
                // 1927: the server killed the connection (KILL, or shutting down)
                default -> state.startsWith("08") || e.getErrorCode() == 2013 || e.getErrorCode() == 2006
                        || e.getErrorCode() == 1927 ? Kind.CONNECTION : Kind.OTHER;
            };
        }

        @Override
        protected boolean stillReferenced(SQLException e, String what) {
            return e.getErrorCode() == 1451 || e.getErrorCode() == 1217;
        }

        @Override
        protected Parsed parse(SQLException e, Kind kind) {
            String m = e.getMessage();
            return switch (kind) {
                case UNIQUE -> {
                    String key = group(KEY, m);
                    if (key != null && key.contains(".")) key = key.substring(key.lastIndexOf('.') + 1);
                    yield new Parsed(null, List.of(), key);
                }
                case NOT_NULL, TOO_LONG -> {
                    String col = group(COLUMN, m);
                    yield new Parsed(null, col == null ? List.of() : List.of(col), null);
                }
                case CHECK -> {
                    String name = group(CHECK, m);
                    yield new Parsed(null, List.of(), name != null ? name : group(CHECK_MYSQL, m));
                }
                case FOREIGN_KEY -> new Parsed(group(FK_TABLE, m), List.of(), group(FK, m));
                default -> new Parsed(null, List.of(), null);
            };
        }

        @Override
        protected String cleanMessage(SQLException e) {
            String m = e.getMessage();
            return m == null ? "" : m.replaceFirst("^\\(conn=\\d+\\) ", "");
        }
    }
}
