package dev.duet.db.loop;

import dev.duet.db.internal.Columns;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.data.Numeric;

import java.math.BigDecimal;

/**
 * A Vert.x {@link Row} read as {@link Columns} (numbered from 1, SQL NULL read as 0 by the
 * primitive getters, as JDBC does): one per result, pointed at each row in turn.
 */
final class RowColumns implements Columns {
    private Row row;
    private boolean wasNull;

    void at(Row row) {
        this.row = row;
    }

    private Object value(int i) {
        Object v = row.getValue(i - 1);
        wasNull = v == null;
        return v;
    }

    @Override
    public int getInt(int i) {
        return value(i) instanceof Number n ? n.intValue() : 0;
    }

    @Override
    public long getLong(int i) {
        return value(i) instanceof Number n ? n.longValue() : 0L;
    }

    @Override
    public short getShort(int i) {
        return value(i) instanceof Number n ? n.shortValue() : 0;
    }

    @Override
    public float getFloat(int i) {
        return value(i) instanceof Number n ? n.floatValue() : 0f;
    }

    @Override
    public double getDouble(int i) {
        return value(i) instanceof Number n ? n.doubleValue() : 0d;
    }

    @Override
    public boolean getBoolean(int i) {
        return value(i) instanceof Boolean b && b;
    }

    @Override
    public String getString(int i) {
        Object v = value(i);
        return v == null || v instanceof String ? (String) v : String.valueOf(plain(v));
    }

    @Override
    public BigDecimal getBigDecimal(int i) {
        return switch (value(i)) {
            case null -> null;
            case BigDecimal d -> d;
            case Numeric n -> n.bigDecimalValue();
            case Number n -> new BigDecimal(n.toString());
            case Object o -> new BigDecimal(o.toString());
        };
    }

    @Override
    public byte[] getBytes(int i) {
        return value(i) instanceof Buffer b ? b.getBytes() : null;
    }

    @Override
    public Object getObject(int i) {
        return plain(value(i));
    }

    @Override
    public <V> V getObject(int i, Class<V> type) {
        Object v = value(i);
        if (v == null) return null;
        if (type.isInstance(v)) return type.cast(v);
        return row.get(type, i - 1);
    }

    @Override
    public boolean wasNull() {
        return wasNull;
    }

    /** Vert.x's own value types as JDBC gives them: bytes as {@code byte[]}, numerics as {@code BigDecimal}. */
    private static Object plain(Object v) {
        return switch (v) {
            case Buffer b -> b.getBytes();
            case Numeric n -> n.bigDecimalValue();
            case null, default -> v;
        };
    }
}
