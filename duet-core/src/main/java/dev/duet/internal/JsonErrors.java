package dev.duet.internal;

import dev.duet.HttpError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jackson's complaints about a request body, said in the terms of whoever sent it: where the JSON
 * breaks ({@code Malformed JSON in the request body at line 1, column 9: unexpected end of input})
 * or which field does not fit and what it should be ({@code Field 'age' must be a number, got "x"}),
 * without Java class names or Jackson's settings. Jackson words its syntax errors in free text;
 * the few forms rewritten here are pinned by the tests, and any other is passed on cleaned.
 */
final class JsonErrors {
    private JsonErrors() {
    }

    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)(?:: was expecting (.*))?", Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '(.*?)': was expecting.*", Pattern.DOTALL);
    private static final Pattern BAD_ESCAPE = Pattern.compile("Unrecognized character escape '(.+?)'.*", Pattern.DOTALL);
    private static final Pattern OUT_OF_RANGE = Pattern.compile("Numeric value \\((.+?)\\) out of range.*", Pattern.DOTALL);
    private static final String A_VALUE = "a string, number, object, array, true, false or null";
    private static final int MAX_SHOWN = 40;

    /** The exception to throw for {@code e}, met reading a body as {@code target}. */
    static RuntimeException translate(JacksonException e, JavaType target) {
        return switch (e) {
            case InvalidDefinitionException d -> new IllegalStateException(
                    "Jackson cannot read JSON into " + target + ": " + d.getOriginalMessage(), d);
            case InputCoercionException c -> bad(subject(c) + " must be " + range(c.getTargetType()) + ", got " + outOfRange(c), c);
            case StreamReadException s -> bad(malformed(s, syntax(s)), s);
            case StreamConstraintsException c -> bad("The request body is beyond what Duet reads as JSON: "
                    + lowerFirst(c.getOriginalMessage().replaceAll(", from `[^`]*`", "")), c);
            case ValueInstantiationException v -> invalid(v);
            case UnrecognizedPropertyException u -> bad("Unknown field '" + path(u) + "'", u);
            case InvalidNullException n -> bad(subject(n) + " must not be null", n);
            case MismatchedInputException m when m.getOriginalMessage().startsWith("Trailing token") ->
                    bad(malformed(m, "unexpected content after the JSON value"), m);
            case MismatchedInputException m -> bad(subject(m) + " must be " + expected(m) + got(m), m);
            default -> bad(subject(e) + " could not be read", e);
        };
    }

    private static HttpError bad(String message, Throwable cause) {
        return new HttpError(400, message, cause);
    }

    /**
     * A record's constructor that refuses a value speaks for itself: an {@link HttpError} goes out as
     * it is, an {@link IllegalArgumentException}'s message is the reason; anything else says no more
     * than that the value is invalid (its message may be about the code, not the input).
     */
    private static RuntimeException invalid(ValueInstantiationException v) {
        Throwable cause = v.getCause();
        if (cause instanceof HttpError h) return h;
        String reason = cause instanceof IllegalArgumentException && cause.getMessage() != null ? ": " + cause.getMessage() : "";
        return bad(subject(v) + " is invalid" + reason, v);
    }

    private static String malformed(JacksonException e, String what) {
        TokenStreamLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "Malformed JSON in the request body" + where + ": " + what;
    }

    private static String syntax(StreamReadException e) {
        String original = e.getOriginalMessage();
        if (e instanceof UnexpectedEndOfInputException || original.startsWith("Unexpected end-of-input")) return "unexpected end of input";
        Matcher m = UNEXPECTED_CHAR.matcher(original);
        if (m.matches()) {
            String found = m.group(1).startsWith("(") ? "character" : "character '" + m.group(1) + "'";
            return "unexpected " + found + (m.group(2) == null ? "" : ", expected " + expectation(m.group(2)));
        }
        m = UNRECOGNIZED_TOKEN.matcher(original);
        if (m.matches()) return "unexpected '" + shorten(m.group(1)) + "', expected " + A_VALUE;
        m = BAD_ESCAPE.matcher(original);
        if (m.matches()) return "invalid escape '\\" + m.group(1) + "' in a string";
        if (original.startsWith("Illegal unquoted character")) return "a control character in a string must be escaped";
        if (original.startsWith("Invalid UTF-8")) return "the body is not valid UTF-8";
        if (original.startsWith("Invalid numeric value: ")) return "invalid number: " + lowerFirst(clean(original.substring(23)));
        return lowerFirst(clean(original));
    }

    private static String expectation(String jackson) {
        if (jackson.contains("colon")) return "':' after the field name";
        if (jackson.contains("double-quote to start")) return "a field name in double quotes";
        if (jackson.contains("Object entries")) return "',' or '}'";
        if (jackson.contains("Array entries")) return "',' or ']'";
        if (jackson.contains("valid value")) return A_VALUE;
        return clean(jackson);
    }

    /** Jackson's text without the parts about Jackson itself: quoted settings, codes, the source. */
    private static String clean(String jackson) {
        String s = jackson;
        int source = s.indexOf(" at [Source");
        if (source >= 0) s = s.substring(0, source);
        return s.replaceAll("\\s*\\(code \\d+\\)", "").replaceAll("\\s*\\([^)]*`[^)]*\\)", "").replace("`", "").strip();
    }

    /** Who the problem is about: {@code Field 'author.age'}, or the body itself. */
    private static String subject(JacksonException e) {
        String path = path(e);
        return path.isEmpty() ? "The request body" : "Field '" + path + "'";
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** What a JSON value for {@code type} must look like, in JSON's terms. */
    private static String expected(MismatchedInputException m) {
        Class<?> type = m.getTargetType();
        if (type == null) return "something else";
        if (isInteger(type)) return token(m) == JsonToken.VALUE_NUMBER_FLOAT ? "a whole number" : "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) return "a number";
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) return "a string";
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> "\"" + ((Enum<?>) c).name() + "\"")
                    .collect(Collectors.joining(", "));
        }
        if (type == UUID.class) return "a UUID";
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "a date-time like \"2026-01-02T03:04:05.600Z\"";
        }
        if (type == LocalDateTime.class) return "a date-time like \"2026-01-02T03:04:05.600\"";
        if (type == LocalDate.class) return "a date like \"2026-01-02\"";
        if (type == LocalTime.class) return "a time like \"03:04:05.600\"";
        if (type == Duration.class) return "a duration like \"PT1.5S\"";
        if (type.isArray() || Collection.class.isAssignableFrom(type)) return type == byte[].class ? "a base64 string" : "an array";
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) return "an object";
        return "a valid " + type.getSimpleName();
    }

    private static boolean isInteger(Class<?> type) {
        return type == int.class || type == long.class || type == short.class || type == byte.class || type == Integer.class
                || type == Long.class || type == Short.class || type == Byte.class || type == BigInteger.class;
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) return "a number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        if (type == long.class || type == Long.class) return "a number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        if (type == short.class || type == Short.class) return "a number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        if (type == byte.class || type == Byte.class) return "a number from " + Byte.MIN_VALUE + " to " + Byte.MAX_VALUE;
        if (type == double.class || type == Double.class) return "a number a double holds (up to about 1.8e308)";
        if (type == float.class || type == Float.class) return "a number a float holds (up to about 3.4e38)";
        return "a smaller number";
    }

    /** The number that did not fit: the parser has moved on by now, only Jackson's message still holds it. */
    private static String outOfRange(InputCoercionException c) {
        Matcher m = OUT_OF_RANGE.matcher(c.getOriginalMessage());
        return m.matches() ? shorten(m.group(1)) : "a number out of range";
    }

    /**
     * {@code , got "x"}: the value that did not fit, as it was sent, when Jackson kept it; else what
     * kind of value it was (the parser is closed by now, so its text is gone).
     */
    private static String got(MismatchedInputException m) {
        if (m instanceof InvalidFormatException f && f.getValue() != null) {
            Object v = f.getValue();
            return ", got " + (v instanceof String s ? quote(s) : v instanceof BigDecimal d ? d.toPlainString() : shorten(v.toString()));
        }
        JsonToken token = token(m);
        if (token == null) return "";
        return ", got " + switch (token) {
            case START_OBJECT, END_OBJECT -> "an object";
            case START_ARRAY, END_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            default -> "something else";
        };
    }

    private static JsonToken token(MismatchedInputException m) {
        if (m.getCurrentToken() != null) return m.getCurrentToken();
        return m.processor() instanceof JsonParser p ? p.currentToken() : null;
    }

    private static String quote(String s) {
        return "\"" + shorten(s).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shorten(String s) {
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "…";
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
