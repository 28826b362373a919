package dev.duet.cli.internal;

/**
 * An option or positional parameter as a command declared it: {@code defaultValue} is the text
 * picocli converts when the option is not given (null: none).
 */
public record Declared(String name, Class<?> type, String defaultValue, String description, boolean positional) {
    /**
     * {@code type}, boxed if primitive: picocli reports values boxed, so declaring {@code int.class}
     * and asking for {@code Integer.class} must agree.
     */
    public static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) return type;
        return switch (type.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            case "boolean" -> Boolean.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "char" -> Character.class;
            default -> throw new IllegalArgumentException("a command cannot take a " + type);
        };
    }

    /** Whether this is a flag: a boolean option given without a value. */
    public boolean flag() {
        return !positional && type == Boolean.class;
    }
}
