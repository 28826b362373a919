package dev.duet.db.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The Java types a model's field may have, as duet-db stores them. */
public enum ColumnType {
    INT, LONG, BOOLEAN, DOUBLE, DECIMAL, STRING, TEXT, INSTANT, DATE, UUID, ENUM, BYTES;

    /** The column type of a field of Java type {@code t}, or null if duet-db cannot store it. */
    public static ColumnType of(Class<?> t, boolean text) {
        if (t == int.class || t == Integer.class || t == short.class || t == Short.class) return INT;
        if (t == long.class || t == Long.class) return LONG;
        if (t == boolean.class || t == Boolean.class) return BOOLEAN;
        if (t == double.class || t == Double.class || t == float.class || t == Float.class) return DOUBLE;
        if (t == BigDecimal.class) return DECIMAL;
        if (t == String.class) return text ? TEXT : STRING;
        if (t == Instant.class) return INSTANT;
        if (t == LocalDate.class) return DATE;
        if (t == UUID.class) return UUID;
        if (t.isEnum()) return ENUM;
        if (t == byte[].class) return BYTES;
        return null;
    }

    /** A value of Java type {@code v} in a raw query: the column type it binds as, or null for setObject. */
    public static ColumnType ofValue(Object v) {
        return switch (v) {
            case null -> null;
            case Integer i -> INT;
            case Short s -> INT;
            case Long l -> LONG;
            case Boolean b -> BOOLEAN;
            case Double d -> DOUBLE;
            case Float f -> DOUBLE;
            case BigDecimal b -> DECIMAL;
            case String s -> STRING;
            case Instant i -> INSTANT;
            case LocalDate d -> DATE;
            case UUID u -> UUID;
            case Enum<?> e -> ENUM;
            case byte[] b -> BYTES;
            default -> null;
        };
    }
}
