package dev.duet.db.internal;

import java.lang.invoke.MethodHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/** One column of a model: its field, its SQL shape, and how its values are read and written. */
public final class Col {
    public final String field;
    public final String column;
    public final Class<?> javaType;
    public final ColumnType type;
    public final boolean primitive;
    public final boolean nullable;
    public final boolean unique;
    public final boolean id;
    /** An id the database generates (an int or long id). */
    public final boolean generated;
    public final int length;
    public final int precision;
    public final int scale;
    /** The {@code @Default} text, or null. */
    public final String defaultText;
    public final int index;
    /** The model this column references (a foreign key), or null. */
    public final Class<?> references;
    public final boolean cascade;
    final MethodHandle getter;
    final MethodHandle setter;
    private final Object[] enumConstants;
    private final Object defaultValue;

    Col(String field, String column, Class<?> javaType, ColumnType type, boolean nullable, boolean unique, boolean id,
        int length, int precision, int scale, String defaultText, int index, MethodHandle getter, MethodHandle setter,
        String owner, Class<?> references, boolean cascade) {
        this.field = field;
        this.column = column;
        this.javaType = javaType;
        this.type = type;
        this.primitive = javaType.isPrimitive();
        this.nullable = nullable;
        this.unique = unique;
        this.id = id;
        this.generated = id && (type == ColumnType.INT || type == ColumnType.LONG);
        this.length = length;
        this.precision = precision;
        this.scale = scale;
        this.defaultText = defaultText;
        this.index = index;
        this.getter = getter;
        this.setter = setter;
        this.references = references;
        this.cascade = cascade;
        this.enumConstants = javaType.isEnum() ? javaType.getEnumConstants() : null;
        this.defaultValue = defaultText == null ? null : parseDefault(defaultText, owner);
    }

    /** The value for an unset field: 0/false for primitives, null otherwise. */
    public Object zero() {
        if (!primitive) return null;
        if (javaType == boolean.class) return false;
        if (javaType == int.class) return 0;
        if (javaType == long.class) return 0L;
        if (javaType == double.class) return 0.0;
        if (javaType == float.class) return 0.0f;
        if (javaType == short.class) return (short) 0;
        throw new IllegalStateException(javaType.toString());
    }

    /** True if {@code value} means "no id yet": null, or 0 for a numeric id. */
    public boolean isUnset(Object value) {
        return value == null || (generated && ((Number) value).longValue() == 0);
    }

    /** This column's {@code @Default} value, fresh (a new {@code now}), or null if it has none. */
    public Object defaultValue() {
        return defaultValue(Instant.now());
    }

    /**
     * This column's {@code @Default} value for a row written at {@code now}: every "now" and
     * "today" column of one row takes the same moment, so a created and an updated timestamp agree.
     */
    public Object defaultValue(Instant now) {
        if (defaultValue == Special.NOW) return now.truncatedTo(ChronoUnit.MICROS);
        if (defaultValue == Special.TODAY) return LocalDate.ofInstant(now, java.time.ZoneId.systemDefault());
        if (defaultValue == Special.RANDOM) return UUID.randomUUID();
        return defaultValue;
    }

    /** Whether the default is computed at insert time rather than a constant. */
    public String specialDefault() {
        return defaultValue instanceof Special s ? s.name() : null;
    }

    enum Special { NOW, TODAY, RANDOM }

    private Object parseDefault(String text, String owner) {
        try {
            return switch (type) {
                case INSTANT -> text.equalsIgnoreCase("now") ? Special.NOW : Instant.parse(text);
                case DATE -> text.equalsIgnoreCase("today") ? Special.TODAY : LocalDate.parse(text);
                case UUID -> text.equalsIgnoreCase("random") ? Special.RANDOM : java.util.UUID.fromString(text);
                case INT -> convertNumber(Long.parseLong(text.trim()));
                case LONG -> Long.parseLong(text.trim());
                case DOUBLE -> convertNumber(Double.parseDouble(text.trim()));
                case DECIMAL -> normalize(new BigDecimal(text.trim()));
                case BOOLEAN -> switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "1" -> Boolean.TRUE;
                    case "false", "0" -> Boolean.FALSE;
                    default -> throw new IllegalArgumentException("not a boolean");
                };
                case STRING, TEXT -> text;
                case ENUM -> normalize(text);
                case BYTES -> throw new IllegalArgumentException("byte[] fields take no @Default");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("@Default(\"" + text + "\") of " + owner + "." + field + " is not a valid "
                    + javaType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code value} as this column's Java type (boxed), ready to bind and to put in an entity:
     * numbers widened or narrowed exactly, enum names and UUID strings parsed, instants cut to
     * microseconds, decimals rounded to the column's scale. Fails with a message naming the field
     * if the value cannot be one.
     */
    public Object normalize(Object value) {
        if (value == null) return null;
        switch (type) {
            case INT, LONG, DOUBLE -> {
                if (value instanceof Number n) return convertNumber(n);
            }
            case DECIMAL -> {
                BigDecimal d = switch (value) {
                    case BigDecimal b -> b;
                    case Integer i -> BigDecimal.valueOf(i);
                    case Long l -> BigDecimal.valueOf(l);
                    case Short s -> BigDecimal.valueOf(s);
                    case BigInteger b -> new BigDecimal(b);
                    case Double dd -> BigDecimal.valueOf(dd);
                    case Float f -> new BigDecimal(f.toString());
                    default -> null;
                };
                if (d != null) return d.scale() == scale ? d : d.setScale(scale, RoundingMode.HALF_UP);
            }
            case BOOLEAN -> {
                if (value instanceof Boolean) return value;
            }
            case STRING, TEXT -> {
                if (value instanceof String) return value;
                if (value instanceof CharSequence cs) return cs.toString();
            }
            case INSTANT -> {
                if (value instanceof Instant i) return i.getNano() % 1000 == 0 ? i : i.truncatedTo(ChronoUnit.MICROS);
            }
            case DATE -> {
                if (value instanceof LocalDate) return value;
            }
            case UUID -> {
                if (value instanceof UUID) return value;
                if (value instanceof String s) {
                    try {
                        return java.util.UUID.fromString(s);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("field '" + field + "' is a UUID; '" + s + "' is not one");
                    }
                }
            }
            case ENUM -> {
                if (javaType.isInstance(value)) return value;
                if (value instanceof String s) {
                    for (Object c : enumConstants) {
                        if (((Enum<?>) c).name().equals(s)) return c;
                    }
                    throw new IllegalArgumentException("field '" + field + "' is a " + javaType.getSimpleName()
                            + "; '" + s + "' is not one of " + Arrays.toString(enumConstants));
                }
            }
            case BYTES -> {
                if (value instanceof byte[]) return value;
            }
        }
        throw new IllegalArgumentException("field '" + field + "' is " + article(javaType.getSimpleName()) + "; got "
                + value.getClass().getSimpleName() + " " + preview(value));
    }

    private Object convertNumber(Number n) {
        Class<?> t = javaType;
        try {
            if (t == int.class || t == Integer.class) return n instanceof Integer ? n : Math.toIntExact(exactLong(n));
            if (t == long.class || t == Long.class) return n instanceof Long ? n : exactLong(n);
            if (t == short.class || t == Short.class) {
                long l = exactLong(n);
                if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) throw new ArithmeticException("out of range");
                return (short) l;
            }
            if (t == double.class || t == Double.class) return n.doubleValue();
            if (t == float.class || t == Float.class) return n.floatValue();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("field '" + field + "' is " + article(t.getSimpleName()) + "; " + n + " does not fit");
        }
        throw new IllegalStateException("not a number column: " + field);
    }

    private static long exactLong(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) return n.longValue();
        if (n instanceof BigDecimal b) return b.longValueExact();
        if (n instanceof BigInteger b) return b.longValueExact();
        double d = n.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d)) throw new ArithmeticException("not an integer");
        return (long) d;
    }

    private static String article(String word) {
        return ("AEIOUaeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    private static String preview(Object v) {
        String s = String.valueOf(v);
        return s.length() > 40 ? "'" + s.substring(0, 40) + "…'" : "'" + s + "'";
    }

    @Override
    public String toString() {
        return field + (field.equals(column) ? "" : " (" + column + ")");
    }
}
