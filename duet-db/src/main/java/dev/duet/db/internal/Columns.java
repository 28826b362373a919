package dev.duet.db.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The columns of the current row, numbered from 1, as a row reader sees them: JDBC's
 * {@link ResultSet} ({@link #of}) or another client's row. The ORM reads rows through this, not
 * through {@code ResultSet}, so that one reader (a table's record constructor, a codec) serves
 * every client that runs its statements.
 */
public interface Columns {
    int getInt(int i) throws SQLException;

    long getLong(int i) throws SQLException;

    short getShort(int i) throws SQLException;

    float getFloat(int i) throws SQLException;

    double getDouble(int i) throws SQLException;

    boolean getBoolean(int i) throws SQLException;

    String getString(int i) throws SQLException;

    BigDecimal getBigDecimal(int i) throws SQLException;

    byte[] getBytes(int i) throws SQLException;

    /** The value as the client gives it, null for SQL NULL. */
    Object getObject(int i) throws SQLException;

    /** The value as {@code type} (a {@code java.time} type, {@code UUID}...), null for SQL NULL. */
    <V> V getObject(int i, Class<V> type) throws SQLException;

    /** Whether the column read last was SQL NULL (after a primitive getter, which reads it as 0). */
    boolean wasNull() throws SQLException;

    /** {@code rs}'s current row, whichever it is when read: one per result set, not per row. */
    static Columns of(ResultSet rs) {
        return new OfResultSet(rs);
    }

    /** A {@link ResultSet}'s columns. */
    record OfResultSet(ResultSet rs) implements Columns {
        @Override public int getInt(int i) throws SQLException { return rs.getInt(i); }
        @Override public long getLong(int i) throws SQLException { return rs.getLong(i); }
        @Override public short getShort(int i) throws SQLException { return rs.getShort(i); }
        @Override public float getFloat(int i) throws SQLException { return rs.getFloat(i); }
        @Override public double getDouble(int i) throws SQLException { return rs.getDouble(i); }
        @Override public boolean getBoolean(int i) throws SQLException { return rs.getBoolean(i); }
        @Override public String getString(int i) throws SQLException { return rs.getString(i); }
        @Override public BigDecimal getBigDecimal(int i) throws SQLException { return rs.getBigDecimal(i); }
        @Override public byte[] getBytes(int i) throws SQLException { return rs.getBytes(i); }
        @Override public Object getObject(int i) throws SQLException { return rs.getObject(i); }
        @Override public <V> V getObject(int i, Class<V> type) throws SQLException { return rs.getObject(i, type); }
        @Override public boolean wasNull() throws SQLException { return rs.wasNull(); }
    }
}
