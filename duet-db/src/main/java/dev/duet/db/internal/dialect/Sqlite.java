package dev.duet.db.internal.dialect;

import dev.duet.db.internal.Columns;
import dev.duet.db.DbException;
import dev.duet.db.ValueTooLong;
import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.DbUrl;
import dev.duet.db.internal.TableMapping;
import dev.duet.db.internal.Param;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * SQLite: types by affinity; instants as fixed-width UTC text so they sort; VARCHAR lengths
 * enforced by CHECKs; errors told apart by their messages (it has no SQLSTATEs).
 */
public final class Sqlite extends Dialect {
    private static final DateTimeFormatter INSTANT_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    Sqlite() {
        super(new Values(), new Errors());
    }

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
    public boolean insertsRowByRow() {
        return true;
    }

    @Override
    public boolean checksLengths() {
        return true;
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

    /** Instants, dates and UUIDs as text; decimals read from their text, exactly. */
    static final class Values extends Codec {
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
        protected Instant readInstant(Columns rs, int i) throws SQLException {
            String s = rs.getString(i);
            if (s == null) return null;
            try {
                return Instant.parse(s.indexOf('T') < 0 ? s.replace(' ', 'T') + (s.endsWith("Z") ? "" : "Z") : s);
            } catch (DateTimeParseException e) {
                long millis = rs.getLong(i); // an integer timestamp written by something else
                return Instant.ofEpochMilli(millis);
            }
        }

        @Override
        protected LocalDate readDate(Columns rs, int i) throws SQLException {
            String s = rs.getString(i);
            return s == null ? null : LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        }

        @Override
        protected BigDecimal readDecimal(Columns rs, int i) throws SQLException {
            String s = rs.getString(i);
            return s == null ? null : new BigDecimal(s);
        }
    }

    /** SQLite's errors carry no SQLSTATE: the message says which constraint failed, and on what. */
    static final class Errors extends SqlErrors {
        private static final Pattern COLUMNS = Pattern.compile("constraint failed: ([^)\\]]+?)\\)?$");
        private static final Pattern CHECK = Pattern.compile("CHECK constraint failed: ([^)\\s]+)");

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

        /** A too long value names its length CHECK, which names the column. */
        @Override
        DbException translate(SQLException e, TableMapping<?> t, String what) {
            DbException x = super.translate(e, t, what);
            if (x instanceof ValueTooLong v && t != null && v.constraint() != null) {
                for (Col c : t.model.columns) {
                    if (v.constraint().equals(lengthCheckName(t.table, c))) {
                        return new ValueTooLong("Field '" + c.field + "' of " + t.model.name + " is too long (at most "
                                + c.length + " characters)", t.table, List.of(c.field), v.constraint(), e);
                    }
                }
            }
            return x;
        }
    }
}
