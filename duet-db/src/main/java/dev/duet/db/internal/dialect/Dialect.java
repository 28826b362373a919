package dev.duet.db.internal.dialect;

import dev.duet.db.DbException;
import dev.duet.db.internal.CancellableConnection;
import dev.duet.db.internal.Col;
import dev.duet.db.internal.DbUrl;
import dev.duet.db.internal.ModelInfo;
import dev.duet.db.internal.Names;
import dev.duet.db.internal.Param;
import dev.duet.db.internal.TableMapping;
import dev.duet.db.internal.ColumnType;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What differs between SQLite, PostgreSQL and MySQL/MariaDB, one subclass each ({@link Sqlite},
 * {@link Postgres}, {@link Mysql}). This base writes the SQL text they share (quoting, DDL,
 * limit/offset, upsert, defaults); each database's {@link Codec} binds and reads values, and its
 * {@link SqlErrors} tells which failure is which.
 */
public abstract sealed class Dialect permits Sqlite, Postgres, Mysql {
    private final Codec codec;
    private final SqlErrors errors;

    Dialect(Codec codec, SqlErrors errors) {
        this.codec = codec;
        this.errors = errors;
    }

    public static Dialect of(DbUrl.Kind kind) {
        return switch (kind) {
            case SQLITE -> new Sqlite();
            case POSTGRESQL -> new Postgres();
            case MYSQL -> new Mysql();
        };
    }

    /** How values are bound to statements and read from rows on this database. */
    public final Codec codec() {
        return codec;
    }

    /** Whether {@code e} says the connection itself is gone (it cannot run another statement). */
    public final boolean lostConnection(SQLException e) {
        return errors.lostConnection(e);
    }

    /** The typed exception for {@code e}, for a statement on {@code table} (null if raw SQL). */
    public final DbException translate(SQLException e, TableMapping<?> table, String what) {
        return errors.translate(e, table, what);
    }

    /** {@code sqlite}, {@code postgresql} or {@code mysql}. */
    public abstract String name();

    public abstract DbUrl.Kind kind();

    /** An identifier, quoted. Identifiers come from models, never from users. */
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The SQL type of a (non-id) column. */
    public abstract String sqlType(Col c);

    /** The whole definition of a generated id column. */
    public abstract String generatedIdColumn(Col c);

    /** Text after {@code CREATE TABLE (...)}, e.g. MySQL's engine and charset. */
    public String tableOptions() {
        return "";
    }

    /** Whether {@code INSERT ... RETURNING id} gives the generated id (else JDBC's generated keys). */
    public boolean insertReturning() {
        return true;
    }

    /**
     * Whether a bulk insert that reads its ids back runs one statement per row on one prepared
     * statement (in process, with no round trips to save) rather than JDBC batches.
     */
    public boolean insertsRowByRow() {
        return false;
    }

    /** Whether {@code VARCHAR(n)} needs a {@code CHECK} to be enforced (see {@link #lengthCheckName}). */
    public boolean checksLengths() {
        return false;
    }

    /** Appends LIMIT/OFFSET with bound values ({@code sql} null: only the values). */
    public void limitOffset(StringBuilder sql, List<Param> params, Integer limit, Integer offset) {
        if (limit != null) {
            if (sql != null) sql.append(" LIMIT ?");
            params.add(new Param(limit, ColumnType.INT));
        }
        if (offset != null && offset > 0) {
            if (sql != null) sql.append(" OFFSET ?");
            params.add(new Param(offset, ColumnType.INT));
        }
    }

    /**
     * {@code INSERT ... ON CONFLICT (conflict) DO UPDATE SET update = new value}, without the values,
     * into {@code table} (as SQL names it: quoted, with its schema). {@code c} is the connection it
     * will run on (MySQL's form depends on the server).
     */
    public String upsert(Connection c, String table, List<String> columns, List<String> conflict, List<String> update)
            throws SQLException {
        StringBuilder sb = insertPrefix(table, columns);
        sb.append(" ON CONFLICT (");
        join(sb, conflict);
        sb.append(") DO ");
        if (update.isEmpty()) {
            sb.append("NOTHING");
        } else {
            sb.append("UPDATE SET ");
            for (int i = 0; i < update.size(); i++) {
                if (i > 0) sb.append(", ");
                String q = quote(update.get(i));
                sb.append(q).append(" = EXCLUDED.").append(q);
            }
        }
        return sb.toString();
    }

    /**
     * One query that writes {@code rows} rows of {@code table}'s update columns, each found by its
     * id, and is atomic by itself: it updates every row and returns one row, or, if any id has no
     * row, fails with an error {@link #rowsWereMissing} recognises, having changed nothing.
     * Parameters per row: the id, then {@link TableMapping#updateCols}. The ids must be distinct.
     * Null where the database has no such statement: updateAll then batches inside a transaction.
     */
    public String updateRowsAtomically(TableMapping<?> table, int rows) {
        return null;
    }

    /** Whether {@code e}, from {@link #updateRowsAtomically}'s statement, says an id had no row. */
    public boolean rowsWereMissing(SQLException e) {
        return false;
    }

    /** The most parameters one statement may have (PostgreSQL's protocol counts them in 16 bits). */
    public int maxParameters() {
        return 65_535;
    }

    protected StringBuilder insertPrefix(String table, List<String> columns) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" (");
        join(sb, columns);
        sb.append(") VALUES (");
        for (int i = 0; i < columns.size(); i++) sb.append(i == 0 ? "?" : ", ?");
        return sb.append(')');
    }

    private void join(StringBuilder sb, List<String> columns) {
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(quote(columns.get(i)));
        }
    }

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS} on {@code table}; MySQL has no IF NOT EXISTS and is asked first. */
    public List<String> createIndex(CancellableConnection c, TableMapping<?> table, ModelInfo.IndexInfo index) throws SQLException {
        return List.of("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quote(index.name())
                + " ON " + table.quotedTable + " (" + columnList(index) + ")");
    }

    /** The index's columns, quoted, comma-separated. */
    public String columnList(ModelInfo.IndexInfo index) {
        StringBuilder sb = new StringBuilder();
        for (Col col : index.columns()) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(quote(col.column));
        }
        return sb.toString();
    }

    /** The column's SQL DEFAULT expression for its {@code @Default}, or null. */
    public String defaultExpression(Col c) {
        if (c.defaultText == null) return null;
        String special = c.specialDefault();
        if (special != null) {
            return switch (special) {
                case "NOW" -> nowExpression();
                case "TODAY" -> "CURRENT_DATE";
                default -> null; // random UUIDs are made by Duet
            };
        }
        Object v = c.defaultValue();
        return switch (c.type) {
            case INT, LONG, DOUBLE, DECIMAL -> v.toString();
            case BOOLEAN -> booleanLiteral((Boolean) v);
            case STRING, TEXT -> literal((String) v);
            case ENUM -> literal(((Enum<?>) v).name());
            case INSTANT -> literal(instantText((Instant) v));
            case DATE -> literal(v.toString());
            case UUID -> literal(v.toString());
            case BYTES -> null;
        };
    }

    protected String booleanLiteral(boolean b) {
        return b ? "TRUE" : "FALSE";
    }

    protected abstract String nowExpression();

    protected String instantText(Instant i) {
        return i.toString();
    }

    protected static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** The name of the CHECK that enforces a VARCHAR's length where the database does not. */
    public static String lengthCheckName(String table, Col c) {
        return Names.constraint("len", table, List.of(c.column));
    }

    /** The length of an enum's VARCHAR: its longest constant, or the column's length if larger (up to 255). */
    static int enumLength(Col c) {
        int max = 1;
        for (Object k : c.javaType.getEnumConstants()) max = Math.max(max, ((Enum<?>) k).name().length());
        return Math.max(max, Math.min(c.length, 255));
    }
}
