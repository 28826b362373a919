package dev.duet.form;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One text field being read: each call checks the value now and adds what is wrong to the
 * {@link Validation} it came from, then returns this reader so that the checks chain. A field that
 * was not sent, or is blank, is <em>absent</em>: {@link #required()} says so; every other check
 * lets an absent field pass (an optional email left empty is fine). A failed {@code required} or
 * conversion stops the chain; the other checks all run, so a value can collect several errors.
 *
 * <pre>{@code
 * String email = form.field("email").required().trim().email().value();
 * String plan = form.field("plan").oneOf("free", "pro").orElse("free");
 * int age = form.field("age").asInt().min(13).orElse(0);
 * }</pre>
 */
public final class Field {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_EMAIL = 254; // RFC 5321's limit on a path, the longest usable address
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    private final Validation owner;
    private final String name;
    private String value;
    private boolean stopped;
    private boolean valid = true;

    Field(Validation owner, String name, String value) {
        this.owner = owner;
        this.name = name;
        this.value = value;
    }

    /** The field's name, as errors are filed under it. */
    public String name() {
        return name;
    }

    /** Fails with {@code "is required"} if the field is absent (not sent, empty or blank). */
    public Field required() {
        return required("is required");
    }

    /** Fails with {@code message} if the field is absent (not sent, empty or blank). */
    public Field required(String message) {
        if (!stopped && !present()) stop(message);
        return this;
    }

    /** Strips leading and trailing white space from the value (what later checks and {@link #value()} see). */
    public Field trim() {
        if (value != null) value = value.strip();
        return this;
    }

    /**
     * Never shows this field's input again: a re-rendered {@link Form} gives {@code ""} for it
     * (for passwords, so that a page with errors does not echo them).
     */
    public Field secret() {
        owner.hide(name);
        return this;
    }

    /** Fails unless the value has at least {@code min} characters (code points). */
    public Field minLength(int min) {
        return check(v -> length(v) >= min, "must be at least " + min + (min == 1 ? " character" : " characters"));
    }

    /** Fails unless the value has at most {@code max} characters (code points). */
    public Field maxLength(int max) {
        return check(v -> length(v) <= max, "must be at most " + max + (max == 1 ? " character" : " characters"));
    }

    /** Fails with {@code message} unless the whole value matches {@code regex}. */
    public Field matches(String regex, String message) {
        return matches(Pattern.compile(regex), message);
    }

    /** Fails with {@code message} unless the whole value matches {@code pattern}. */
    public Field matches(Pattern pattern, String message) {
        return check(v -> pattern.matcher(v).matches(), message);
    }

    /**
     * Fails with {@code "must be an email address"} unless the value looks like one: something, an
     * {@code @}, a domain with a dot, no spaces, at most 254 characters. Whether it exists only
     * sending a message can tell.
     */
    public Field email() {
        return check(v -> v.length() <= MAX_EMAIL && EMAIL.matcher(v).matches(), "must be an email address");
    }

    /** Fails with {@code "must be one of: a, b"} unless the value is one of {@code options}. */
    public Field oneOf(String... options) {
        return oneOf(List.of(options));
    }

    /** Fails with {@code "must be one of: a, b"} unless the value is one of {@code options}. */
    public Field oneOf(Collection<String> options) {
        return check(options::contains, "must be one of: " + String.join(", ", options));
    }

    /** Fails with {@code message} unless {@code ok} holds for the (present) value. */
    public Field check(Predicate<? super String> ok, String message) {
        if (!stopped && present() && !ok.test(value)) {
            valid = false;
            owner.error(name, message);
        }
        return this;
    }

    /** The value (trimmed if asked), or null if it was not sent or has an error. */
    public String value() {
        return valid ? value : null;
    }

    /** The value, or {@code fallback} if it is absent (not sent, empty or blank) or has an error. */
    public String orElse(String fallback) {
        return valid && present() ? value : fallback;
    }

    /** The value if it is present and has no error. */
    public Optional<String> optional() {
        return Optional.ofNullable(orElse(null));
    }

    /** True if no check of this field failed. */
    public boolean valid() {
        return valid;
    }

    /** The value as an {@code int}; {@code "must be a whole number"} if it is not one. */
    public RangedField<Integer> asInt() {
        return whole(Integer.MIN_VALUE, Integer.MAX_VALUE, v -> Integer.valueOf(v.intValue()));
    }

    /** The value as a {@code long}; {@code "must be a whole number"} if it is not one. */
    public RangedField<Long> asLong() {
        return whole(Long.MIN_VALUE, Long.MAX_VALUE, Function.identity());
    }

    /**
     * The value as a {@link BigDecimal}, written plainly ({@code 12}, {@code -0.5}, {@code 3.});
     * {@code "must be a number"} otherwise (exponents are refused: {@code 1e999999999} is a number
     * no form means).
     */
    public RangedField<BigDecimal> asDecimal() {
        return convert(v -> DECIMAL.matcher(v).matches() ? new BigDecimal(v) : null, "must be a number", RangedField.Words.PLAIN);
    }

    /**
     * The value as a checkbox's {@code boolean}: absent is {@code false}; {@code on}, {@code true},
     * {@code yes}, {@code 1} are true and {@code off}, {@code false}, {@code no}, {@code 0} false, in
     * any case; anything else {@code "must be true or false"}. To demand a tick, add
     * {@code .check(Boolean::booleanValue, "must be accepted")}.
     */
    public RangedField<Boolean> asBoolean() {
        if (!stopped && !present()) return new RangedField<>(owner, name, false, true, false, RangedField.Words.PLAIN);
        return convert(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> Boolean.TRUE;
            case "off", "false", "no", "0" -> Boolean.FALSE;
            default -> null;
        }, "must be true or false", RangedField.Words.PLAIN);
    }

    /** The value as an ISO date, what {@code <input type="date">} sends ({@code 2026-12-31}). */
    public RangedField<LocalDate> asDate() {
        return asDate(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /** The value as a date in {@code format}; {@code "must be a date such as ..."} (an example in that format) otherwise. */
    public RangedField<LocalDate> asDate(DateTimeFormatter format) {
        return convert(v -> {
            try {
                return LocalDate.parse(v, format);
            } catch (DateTimeParseException e) {
                return null;
            }
        }, "must be a date such as " + format.format(LocalDate.of(2026, 12, 31)), RangedField.Words.DATE);
    }

    /**
     * The value as one of {@code type}'s constants, named in any case ({@code pro} is {@code PRO});
     * {@code "must be one of: free, pro"} otherwise.
     */
    public <E extends Enum<E>> RangedField<E> asEnum(Class<E> type) {
        EnumSet<E> all = EnumSet.allOf(type);
        String names = all.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return convert(v -> all.stream().filter(e -> e.name().equalsIgnoreCase(v)).findFirst().orElse(null),
                "must be one of: " + names, RangedField.Words.PLAIN);
    }

    /**
     * The value converted by {@code parse}, which returns null or throws an
     * {@link IllegalArgumentException} (as {@code UUID::fromString} does) for input it refuses;
     * then {@code message} is the error.
     */
    public <T> TypedField<T> as(Function<String, ? extends T> parse, String message) {
        if (stopped) return new TypedField<>(owner, name, null, false, true);
        if (!present()) return new TypedField<>(owner, name, null, false, false);
        T parsed = parseOrNull(parse);
        if (parsed == null) owner.error(name, message);
        return new TypedField<>(owner, name, parsed, parsed != null, parsed == null);
    }

    private <T extends Comparable<? super T>> RangedField<T> convert(Function<String, ? extends T> parse, String message,
                                                                    RangedField.Words words) {
        if (stopped) return new RangedField<>(owner, name, null, false, true, words);
        if (!present()) return new RangedField<>(owner, name, null, false, false, words);
        T parsed = parseOrNull(parse);
        if (parsed == null) owner.error(name, message);
        return new RangedField<>(owner, name, parsed, parsed != null, parsed == null, words);
    }

    private <T> T parseOrNull(Function<String, ? extends T> parse) {
        try {
            return parse.apply(value.strip());
        } catch (IllegalArgumentException e) { // NumberFormatException is one
            return null;
        }
    }

    private <T extends Comparable<? super T>> RangedField<T> whole(long min, long max, Function<Long, T> narrow) {
        if (!stopped && present() && WHOLE.matcher(value.strip()).matches()) {
            Long parsed = parseLong(value.strip());
            if (parsed == null || parsed < min || parsed > max) {
                owner.error(name, "must be a whole number from " + min + " to " + max);
                return new RangedField<>(owner, name, null, false, true, RangedField.Words.PLAIN);
            }
            return new RangedField<>(owner, name, narrow.apply(parsed), true, false, RangedField.Words.PLAIN);
        }
        return convert(v -> null, "must be a whole number", RangedField.Words.PLAIN);
    }

    private static Long parseLong(String digits) {
        try {
            return Long.valueOf(digits);
        } catch (NumberFormatException e) {
            return null; // out of range: the pattern has already said it is a whole number
        }
    }

    private boolean present() {
        return value != null && !value.isBlank();
    }

    private void stop(String message) {
        stopped = true;
        valid = false;
        owner.error(name, message);
    }

    private static int length(String v) {
        return v.codePointCount(0, v.length());
    }
}
