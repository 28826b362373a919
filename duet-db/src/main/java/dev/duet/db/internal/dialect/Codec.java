package dev.duet.db.internal.dialect;

import dev.duet.db.internal.Col;
import dev.duet.db.internal.ColumnType;
import dev.duet.db.internal.Param;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import dev.duet.db.internal.Columns;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * How values travel between Java and one database: binding a parameter as its column's type, and
 * reading a column back as its field's Java type. The base does what JDBC does alike everywhere;
 * each database's codec covers instants, dates, UUIDs and decimals its own way.
 */
public abstract class Codec {

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
        Object read(Columns rs, int i) throws SQLException;
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
    public Object read(Columns rs, int i, Col c) throws SQLException {
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

    protected BigDecimal readDecimal(Columns rs, int i) throws SQLException {
        return rs.getBigDecimal(i);
    }

    protected abstract Instant readInstant(Columns rs, int i) throws SQLException;

    protected LocalDate readDate(Columns rs, int i) throws SQLException {
        return rs.getObject(i, LocalDate.class);
    }

    protected UUID readUuid(Columns rs, int i) throws SQLException {
        String s = rs.getString(i);
        return s == null ? null : UUID.fromString(s);
    }

    /** Reads an untyped column (raw queries into maps, aggregates) as the driver gives it. */
    public Object readAny(Columns rs, int i) throws SQLException {
        return rs.getObject(i);
    }
}
