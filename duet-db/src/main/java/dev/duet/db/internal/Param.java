package dev.duet.db.internal;

/** A value bound to a {@code ?}: already converted to its column's Java type ({@code type} null: bound as is). */
public record Param(Object value, ColumnType type) {
    public static Param of(Object value) {
        return new Param(value, ColumnType.ofValue(value));
    }
}
