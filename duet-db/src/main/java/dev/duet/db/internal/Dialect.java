package dev.duet.db.internal;

import dev.duet.db.CheckViolation;
import dev.duet.db.ConnectionFailure;
import dev.duet.db.DbException;
import dev.duet.db.ForeignKeyViolation;
import dev.duet.db.NotNullViolation;
import dev.duet.db.UniqueViolation;
import dev.duet.db.ValueTooLong;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What differs between SQLite, PostgreSQL and MySQL/MariaDB, in one place: quoting, column types,
 * how values are bound and read, generated keys, upsert, limit/offset, and which error is which.
 */
public abstract sealed class Dialect permits Dialect.Sqlite, Dialect.Postgres, Dialect.Mysql {

    public static Dialect of(DbUrl.Kind kind) {
        return switch (kind) {
            case SQLITE -> new Sqlite();
            case POSTGRESQL -> new Postgres();
            case MYSQL -> new Mysql();
        };
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
     * {@code INSERT ... ON CONFLICT (conflict) DO UPDATE SET update = new value}, without the values.
     * {@code c} is the connection it will run on (MySQL's form depends on the server).
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

    protected StringBuilder insertPrefix(String table, List<String> columns) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(quote(table)).append(" (");
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

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS}; MySQL has no IF NOT EXISTS and is asked first. */
    public List<String> createIndex(CancellableConnection c, String table, ModelInfo.IndexInfo index) throws SQLException {
        return List.of("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX IF NOT EXISTS " + quote(index.name())
                + " ON " + quote(table) + " (" + columnList(index) + ")");
    }

    protected String columnList(ModelInfo.IndexInfo index) {
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

    // ---- values ----

    /** Binds {@code p} to parameter {@code i}. */
    public void bind(PreparedStatement ps, int i, Param p) throws SQLException {
        Object v = p.value();
        ColumnType t = p.type();
        if (t == null) {
            ps.setObject(i, v);
            return;
        }
        if (v == null) {
            ps.setNull(i, nullType(t));
            return;
        }
        switch (t) {
            case INT -> ps.setInt(i, ((Number) v).intValue());
            case LONG -> ps.setLong(i, ((Number) v).longValue());
            case BOOLEAN -> ps.setBoolean(i, (Boolean) v);
            case DOUBLE -> ps.setDouble(i, ((Number) v).doubleValue());
            case DECIMAL -> ps.setBigDecimal(i, (BigDecimal) v);
            case STRING, TEXT -> ps.setString(i, (String) v);
            case ENUM -> ps.setString(i, ((Enum<?>) v).name());
            case BYTES -> ps.setBytes(i, (byte[]) v);
            case INSTANT -> bindInstant(ps, i, (Instant) v);
            case DATE -> bindDate(ps, i, (LocalDate) v);
            case UUID -> bindUuid(ps, i, (UUID) v);
        }
    }

    protected int nullType(ColumnType t) {
        return switch (t) {
            case INT -> Types.INTEGER;
            case LONG -> Types.BIGINT;
            case BOOLEAN -> Types.BOOLEAN;
            case DOUBLE -> Types.DOUBLE;
            case DECIMAL -> Types.NUMERIC;
            case STRING, ENUM -> Types.VARCHAR;
            case TEXT -> Types.LONGVARCHAR;
            case BYTES -> Types.BINARY;
            case INSTANT -> Types.TIMESTAMP_WITH_TIMEZONE;
            case DATE -> Types.DATE;
            case UUID -> Types.OTHER;
        };
    }

    protected abstract void bindInstant(PreparedStatement ps, int i, Instant v) throws SQLException;

    protected void bindDate(PreparedStatement ps, int i, LocalDate v) throws SQLException {
        ps.setObject(i, v);
    }

    protected void bindUuid(PreparedStatement ps, int i, UUID v) throws SQLException {
        ps.setString(i, v.toString());
    }

    /** Reads one column of the current row as its field's Java type. */
    @FunctionalInterface
    public interface ColReader {
        Object read(ResultSet rs, int i) throws SQLException;
    }

    /**
     * The fastest reader for {@code c}, made once per table: a primitive field reads the driver's
     * primitive straight away (SQL NULL would be 0/false in the entity anyway, so no
     * {@code wasNull()} call, which is a native call on SQLite), a string field the string; the
     * rest go through {@link #read}.
     */
    public ColReader reader(Col c) {
        if (c.primitive) {
            Class<?> t = c.javaType;
            if (t == int.class) return (rs, i) -> rs.getInt(i);
            if (t == long.class) return (rs, i) -> rs.getLong(i);
            if (t == boolean.class) return (rs, i) -> rs.getBoolean(i);
            if (t == double.class) return (rs, i) -> rs.getDouble(i);
            if (t == short.class) return (rs, i) -> rs.getShort(i);
            if (t == float.class) return (rs, i) -> rs.getFloat(i);
        }
        if (c.type == ColumnType.STRING || c.type == ColumnType.TEXT) return (rs, i) -> rs.getString(i);
        return (rs, i) -> read(rs, i, c);
    }

    /** Reads column {@code i} as {@code c}'s Java type (boxed), null for SQL NULL. */
    public Object read(ResultSet rs, int i, Col c) throws SQLException {
        Object v = switch (c.type) {
            case INT -> {
                int x = rs.getInt(i);
                yield rs.wasNull() ? null : x;
            }
            case LONG -> {
                long x = rs.getLong(i);
                yield rs.wasNull() ? null : x;
            }
            case BOOLEAN -> {
                boolean x = rs.getBoolean(i);
                yield rs.wasNull() ? null : x;
            }
            case DOUBLE -> {
                double x = rs.getDouble(i);
                yield rs.wasNull() ? null : x;
            }
            case DECIMAL -> readDecimal(rs, i);
            case STRING, TEXT -> rs.getString(i);
            case ENUM -> {
                String s = rs.getString(i);
                yield s == null ? null : c.normalize(s);
            }
            case BYTES -> rs.getBytes(i);
            case INSTANT -> readInstant(rs, i);
            case DATE -> readDate(rs, i);
            case UUID -> readUuid(rs, i);
        };
        return v == null ? null : c.normalize(v);
    }

    protected BigDecimal readDecimal(ResultSet rs, int i) throws SQLException {
        return rs.getBigDecimal(i);
    }

    protected abstract Instant readInstant(ResultSet rs, int i) throws SQLException;

    protected LocalDate readDate(ResultSet rs, int i) throws SQLException {
        return rs.getObject(i, LocalDate.class);
    }

    protected UUID readUuid(ResultSet rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? null : UUID.fromString(s);
    }

    /** Reads an untyped column (raw queries into maps, aggregates) as the driver gives it. */
    public Object readAny(ResultSet rs, int i) throws SQLException {
        return rs.getObject(i);
    }

    // ---- errors ----

    /** What a constraint error names, as far as the message tells. */
    protected record Parsed(String table, List<String> columns, String constraint) {
    }

    /** Whether {@code e} says the connection itself is gone (it cannot run another statement). */
    public boolean lostConnection(SQLException e) {
        return classify(e, e.getSQLState() == null ? "" : e.getSQLState()) == Kind.CONNECTION;
    }

    /** The typed exception for {@code e}, for a statement on {@code model}'s table (null if raw SQL). */
    public DbException translate(SQLException e, ModelInfo<?> model, String what) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Kind k = classify(e, state);
        if (k == Kind.CONNECTION) {
            return new ConnectionFailure("Lost the database connection while " + what + ": " + e.getMessage(), e);
        }
        if (k == Kind.OTHER) return new DbException(cleanMessage(e) + " (while " + what + ")", e);
        Parsed p = parse(e, k);
        String table = p.table() != null ? p.table() : model != null ? model.table : null;
        List<String> fields = new ArrayList<>();
        List<String> cols = new ArrayList<>(p.columns());
        if (cols.isEmpty() && model != null && p.constraint() != null) {
            for (ModelInfo.IndexInfo ix : model.indexes) {
                if (ix.name().equalsIgnoreCase(p.constraint())) ix.columns().forEach(c -> cols.add(c.column));
            }
        }
        for (String col : cols) {
            Col c = model == null ? null : model.byColumn(col);
            fields.add(c != null ? c.field : col);
        }
        String subject = model != null ? model.name : table != null ? table : "row";
        return switch (k) {
            case UNIQUE -> new UniqueViolation(fields.isEmpty()
                    ? "A " + subject + " with these values already exists"
                    : "A " + subject + " with this " + String.join(" and ", fields) + " already exists",
                    table, fields, p.constraint(), e);
            case NOT_NULL -> new NotNullViolation(fields.isEmpty()
                    ? "A required field of " + subject + " is missing"
                    : "Field '" + fields.getFirst() + "' of " + subject + " is required (it was null)",
                    table, fields, p.constraint(), e);
            case FOREIGN_KEY -> foreignKey(e, model, what, p, subject, fields);
            case CHECK -> new CheckViolation("A value of " + subject + " breaks the rule "
                    + (p.constraint() != null ? "'" + p.constraint() + "'" : "of a check constraint"),
                    table, fields, p.constraint(), e);
            case TOO_LONG -> {
                Col c = fields.isEmpty() || model == null ? null : model.byColumn(cols.getFirst());
                yield new ValueTooLong(fields.isEmpty()
                        ? "A value of " + subject + " is longer than its column allows"
                        : "Field '" + fields.getFirst() + "' of " + subject + " is too long"
                                + (c != null && c.type == ColumnType.STRING ? " (at most " + c.length + " characters)" : ""),
                        table, fields, p.constraint(), e);
            }
            default -> throw new IllegalStateException();
        };
    }

    /**
     * A foreign key failure, said from the side that caused it: a row that refers to a missing one
     * (naming the field and the model it refers to), or a row still referred to by others.
     */
    private ForeignKeyViolation foreignKey(SQLException e, ModelInfo<?> model, String what, Parsed p, String subject,
                                           List<String> fields) {
        String constraint = p.constraint();
        if (model == null) {
            return new ForeignKeyViolation("A reference does not match an existing row, or a row is still referenced"
                    + (constraint != null ? " (" + constraint + ")" : ""), p.table(), fields, constraint, e);
        }
        if (stillReferenced(e, what)) {
            String by = p.table() != null && !p.table().equalsIgnoreCase(model.table) ? "rows of " + p.table() : "other rows";
            return new ForeignKeyViolation("This " + subject + " is still referenced by " + by
                    + "; delete or change those first (or declare the reference with cascade = true)",
                    model.table, List.of(), constraint, e);
        }
        Col ref = null;
        for (Col c : model.columns) {
            if (c.references == null) continue;
            boolean named = constraint != null && constraint.equalsIgnoreCase(Names.constraint("fk", model.table, List.of(c.column)));
            if (named || (constraint == null && ref == null)) ref = c;
            else if (constraint == null) {
                ref = null; // several references and no name: the database did not say which
                break;
            }
            if (named) break;
        }
        if (ref == null) {
            return new ForeignKeyViolation("A reference of " + subject + " does not match an existing row"
                    + (constraint != null ? " (" + constraint + ")" : ""), model.table, fields, constraint, e);
        }
        return new ForeignKeyViolation("Field '" + ref.field + "' of " + subject + " refers to a "
                + ModelInfo.of(ref.references).name + " that does not exist", model.table, List.of(ref.field), constraint, e);
    }

    /** Whether a foreign key failure is about deleting (or re-keying) a row others still refer to. */
    protected boolean stillReferenced(SQLException e, String what) {
        return what != null && what.startsWith("deleting");
    }

    protected enum Kind { UNIQUE, NOT_NULL, FOREIGN_KEY, CHECK, TOO_LONG, CONNECTION, OTHER }

    protected abstract Kind classify(SQLException e, String sqlState);

    protected abstract Parsed parse(SQLException e, Kind kind);

    protected String cleanMessage(SQLException e) {
        return e.getMessage();
    }

    protected static String group(Pattern p, String s) {
        if (s == null) return null;
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    // =====================================================================================

    /** SQLite: types by affinity; instants as fixed-width UTC text so they sort; one writer at a time. */
    public static final class Sqlite extends Dialect {
        private static final java.time.format.DateTimeFormatter INSTANT_TEXT =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

        @Override
        public String name() {
            return "sqlite";
        }

        @Override
        public DbUrl.Kind kind() {
            return DbUrl.Kind.SQLITE;
        }

        @Override
        public String sqlType(Col c) {
            return switch (c.type) {
                case INT, LONG -> "INTEGER";
                case BOOLEAN -> "BOOLEAN";
                case DOUBLE -> "REAL";
                case DECIMAL -> "NUMERIC(" + c.precision + "," + c.scale + ")";
                case STRING -> "VARCHAR(" + c.length + ")";
                case ENUM -> "VARCHAR(" + enumLength(c) + ")";
                case TEXT, INSTANT, DATE, UUID -> "TEXT";
                case BYTES -> "BLOB";
            };
        }

        @Override
        public String generatedIdColumn(Col c) {
            return quote(c.column) + " INTEGER PRIMARY KEY AUTOINCREMENT";
        }

        @Override
        public void limitOffset(StringBuilder sql, List<Param> params, Integer limit, Integer offset) {
            if (limit == null && offset != null && offset > 0 && sql != null) {
                sql.append(" LIMIT -1");
            }
            super.limitOffset(sql, params, limit, offset);
        }

        @Override
        protected String booleanLiteral(boolean b) {
            return b ? "1" : "0";
        }

        @Override
        protected String nowExpression() {
            return "(strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))";
        }

        @Override
        protected String instantText(Instant i) {
            return INSTANT_TEXT.format(i);
        }

        @Override
        protected int nullType(ColumnType t) {
            return t == ColumnType.INSTANT || t == ColumnType.UUID || t == ColumnType.DATE ? Types.VARCHAR : super.nullType(t);
        }

        @Override
        protected void bindInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
            ps.setString(i, INSTANT_TEXT.format(v));
        }

        @Override
        protected void bindDate(PreparedStatement ps, int i, LocalDate v) throws SQLException {
            ps.setString(i, v.toString());
        }

        @Override
        protected Instant readInstant(ResultSet rs, int i) throws SQLException {
            String s = rs.getString(i);
            if (s == null) return null;
            try {
                return Instant.parse(s.indexOf('T') < 0 ? s.replace(' ', 'T') + (s.endsWith("Z") ? "" : "Z") : s);
            } catch (java.time.format.DateTimeParseException e) {
                long millis = rs.getLong(i); // an integer timestamp written by something else
                return Instant.ofEpochMilli(millis);
            }
        }

        @Override
        protected LocalDate readDate(ResultSet rs, int i) throws SQLException {
            String s = rs.getString(i);
            return s == null ? null : LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        }

        @Override
        protected BigDecimal readDecimal(ResultSet rs, int i) throws SQLException {
            String s = rs.getString(i);
            return s == null ? null : new BigDecimal(s);
        }

        @Override
        protected Kind classify(SQLException e, String state) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            if (m.contains("UNIQUE constraint failed") || m.contains("SQLITE_CONSTRAINT_PRIMARYKEY")) return Kind.UNIQUE;
            if (m.contains("NOT NULL constraint failed")) return Kind.NOT_NULL;
            if (m.contains("FOREIGN KEY constraint failed")) return Kind.FOREIGN_KEY;
            if (m.contains("CHECK constraint failed")) {
                String name = group(CHECK, m);
                return name != null && name.startsWith("len_") ? Kind.TOO_LONG : Kind.CHECK;
            }
            return Kind.OTHER;
        }

        private static final Pattern COLUMNS = Pattern.compile("constraint failed: ([^)\\]]+?)\\)?$");
        private static final Pattern CHECK = Pattern.compile("CHECK constraint failed: ([^)\\s]+)");

        @Override
        protected Parsed parse(SQLException e, Kind kind) {
            String m = e.getMessage();
            if (kind == Kind.CHECK || kind == Kind.TOO_LONG) {
                String name = group(CHECK, m);
                return new Parsed(null, List.of(), name);
            }
            if (kind == Kind.FOREIGN_KEY) return new Parsed(null, List.of(), null);
            String list = group(COLUMNS, m == null ? null : m.strip());
            String table = null;
            List<String> cols = new ArrayList<>();
            if (list != null) {
                for (String part : list.split(",")) {
                    String p = part.trim();
                    int dot = p.indexOf('.');
                    if (dot > 0) {
                        table = p.substring(0, dot);
                        cols.add(p.substring(dot + 1));
                    } else {
                        cols.add(p);
                    }
                }
            }
            return new Parsed(table, cols, null);
        }

        @Override
        public DbException translate(SQLException e, ModelInfo<?> model, String what) {
            DbException x = super.translate(e, model, what);
            if (x instanceof ValueTooLong v && model != null && v.constraint() != null) {
                for (Col c : model.columns) {
                    if (v.constraint().equals(lengthCheckName(model.table, c))) {
                        return new ValueTooLong("Field '" + c.field + "' of " + model.name + " is too long (at most "
                                + c.length + " characters)", model.table, List.of(c.field), v.constraint(), e);
                    }
                }
            }
            return x;
        }

        @Override
        protected String cleanMessage(SQLException e) {
            return e.getMessage();
        }
    }

    /** The name of the CHECK that gives SQLite a VARCHAR's length limit. */
    public static String lengthCheckName(String table, Col c) {
        return Names.constraint("len", table, List.of(c.column));
    }

    static int enumLength(Col c) {
        int max = 1;
        for (Object k : c.javaType.getEnumConstants()) max = Math.max(max, ((Enum<?>) k).name().length());
        return Math.max(max, Math.min(c.length, 255));
    }

    // =====================================================================================

    /** PostgreSQL: native uuid, timestamptz, bytea, identity columns. */
    public static final class Postgres extends Dialect {
        @Override
        public String name() {
            return "postgresql";
        }

        @Override
        public DbUrl.Kind kind() {
            return DbUrl.Kind.POSTGRESQL;
        }

        @Override
        public String sqlType(Col c) {
            return switch (c.type) {
                case INT -> c.javaType == short.class || c.javaType == Short.class ? "SMALLINT" : "INTEGER";
                case LONG -> "BIGINT";
                case BOOLEAN -> "BOOLEAN";
                case DOUBLE -> "DOUBLE PRECISION";
                case DECIMAL -> "NUMERIC(" + c.precision + "," + c.scale + ")";
                case STRING -> "VARCHAR(" + c.length + ")";
                case ENUM -> "VARCHAR(" + enumLength(c) + ")";
                case TEXT -> "TEXT";
                case INSTANT -> "TIMESTAMPTZ";
                case DATE -> "DATE";
                case UUID -> "UUID";
                case BYTES -> "BYTEA";
            };
        }

        @Override
        public String generatedIdColumn(Col c) {
            return quote(c.column) + (c.type == ColumnType.INT ? " INTEGER" : " BIGINT") + " GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
        }

        @Override
        protected String nowExpression() {
            return "CURRENT_TIMESTAMP";
        }

        @Override
        protected void bindInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
            ps.setObject(i, v.atOffset(java.time.ZoneOffset.UTC));
        }

        @Override
        protected void bindUuid(PreparedStatement ps, int i, UUID v) throws SQLException {
            ps.setObject(i, v);
        }

        @Override
        protected Instant readInstant(ResultSet rs, int i) throws SQLException {
            java.time.OffsetDateTime t = rs.getObject(i, java.time.OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        @Override
        protected UUID readUuid(ResultSet rs, int i) throws SQLException {
            Object o = rs.getObject(i);
            return o == null ? null : o instanceof UUID u ? u : UUID.fromString(o.toString());
        }

        @Override
        protected Kind classify(SQLException e, String state) {
            return switch (state) {
                case "23505" -> Kind.UNIQUE;
                case "23502" -> Kind.NOT_NULL;
                case "23503" -> Kind.FOREIGN_KEY;
                case "23514" -> Kind.CHECK;
                case "22001" -> Kind.TOO_LONG;
                default -> state.startsWith("08") || state.equals("57P01") ? Kind.CONNECTION : Kind.OTHER;
            };
        }

        @Override
        protected boolean stillReferenced(SQLException e, String what) {
            String m = e.getMessage();
            return m != null && (m.contains("is still referenced") || m.contains("update or delete on table"));
        }

        private static final Pattern KEY = Pattern.compile("Key \\((.+?)\\)=");
        private static final Pattern CONSTRAINT = Pattern.compile("constraint \"([^\"]+)\"");
        private static final Pattern COLUMN = Pattern.compile("column \"([^\"]+)\"");
        private static final Pattern RELATION = Pattern.compile("(?:relation|table) \"([^\"]+)\"");

        @Override
        protected Parsed parse(SQLException e, Kind kind) {
            String m = e.getMessage();
            String constraint = group(CONSTRAINT, m);
            String table = group(RELATION, m);
            List<String> cols = new ArrayList<>();
            String col;
            if (kind == Kind.NOT_NULL && (col = group(COLUMN, m)) != null) {
                cols.add(col);
            } else if (kind == Kind.UNIQUE && (col = group(KEY, m)) != null) {
                for (String part : col.split(",")) cols.add(part.trim().replace("\"", ""));
            }
            if (e instanceof org.postgresql.util.PSQLException pe && pe.getServerErrorMessage() != null) {
                var sem = pe.getServerErrorMessage();
                if (sem.getConstraint() != null) constraint = sem.getConstraint();
                if (sem.getTable() != null) table = sem.getTable();
                if (cols.isEmpty() && sem.getColumn() != null) cols.add(sem.getColumn());
            }
            return new Parsed(table, cols, constraint);
        }

        @Override
        protected String cleanMessage(SQLException e) {
            String m = e.getMessage();
            return m == null ? "" : m.replaceFirst("^ERROR: ", "");
        }
    }

    // =====================================================================================

    /** MySQL and MariaDB, through the MariaDB driver: backticks, DATETIME(6) in UTC, CHAR(36) UUIDs. */
    public static final class Mysql extends Dialect {
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

        /** Whether the server takes {@code INSERT … AS alias ON DUPLICATE KEY UPDATE c = alias.c}; learnt from the first connection asked. */
        private volatile Boolean rowAlias;

        @Override
        public String upsert(Connection c, String table, List<String> columns, List<String> conflict, List<String> update)
                throws SQLException {
            Boolean alias = rowAlias;
            if (alias == null) {
                java.sql.DatabaseMetaData md = c.getMetaData();
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
            if (product.toLowerCase(java.util.Locale.ROOT).contains("mariadb")
                    || version.toLowerCase(java.util.Locale.ROOT).contains("mariadb")) {
                return false;
            }
            Matcher m = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)").matcher(version.strip());
            if (!m.find()) return false;
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            int patch = Integer.parseInt(m.group(3));
            return major > 8 || (major == 8 && (minor > 0 || patch >= 19));
        }

        /** The upsert in MySQL's row-alias form ({@code rowAlias}) or in the {@code VALUES()} form MariaDB speaks. */
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
        public List<String> createIndex(CancellableConnection c, String table, ModelInfo.IndexInfo index) throws SQLException {
            try (PreparedStatement ps = c.prepare("SELECT 1 FROM information_schema.statistics"
                    + " WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?")) {
                ps.setString(1, table);
                ps.setString(2, index.name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return List.of();
                }
            }
            return List.of("CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX " + quote(index.name())
                    + " ON " + quote(table) + " (" + columnList(index) + ")");
        }

        @Override
        protected String nowExpression() {
            return "CURRENT_TIMESTAMP(6)";
        }

        @Override
        protected String instantText(Instant i) {
            return java.time.LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC).toString().replace('T', ' ');
        }

        @Override
        protected int nullType(ColumnType t) {
            return t == ColumnType.INSTANT ? Types.TIMESTAMP : t == ColumnType.UUID ? Types.CHAR : super.nullType(t);
        }

        @Override
        protected void bindInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
            ps.setObject(i, java.time.LocalDateTime.ofInstant(v, java.time.ZoneOffset.UTC));
        }

        @Override
        protected Instant readInstant(ResultSet rs, int i) throws SQLException {
            java.time.LocalDateTime t = rs.getObject(i, java.time.LocalDateTime.class);
            return t == null ? null : t.toInstant(java.time.ZoneOffset.UTC);
        }

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

        private static final Pattern KEY = Pattern.compile("for key '([^']+)'");
        private static final Pattern COLUMN = Pattern.compile("(?:Column|Field|column) '([^']+)'");
        private static final Pattern CHECK = Pattern.compile("CONSTRAINT `([^`]+)` failed");
        private static final Pattern CHECK_MYSQL = Pattern.compile("Check constraint '([^']+)'");
        private static final Pattern FK = Pattern.compile("CONSTRAINT `([^`]+)` FOREIGN KEY");
        private static final Pattern FK_TABLE = Pattern.compile("fails \\(`[^`]*`\\.`([^`]+)`");

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
                    yield new Parsed(null, "PRIMARY".equals(key) ? List.of() : List.of(), key);
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
