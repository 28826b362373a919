package dev.duet.form;

import java.time.chrono.ChronoLocalDate;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * A typed field whose values are ordered (numbers, dates, enums), so that it can be bounded with
 * {@link #min} and {@link #max}. See {@link TypedField} for how checks chain.
 *
 * <pre>{@code
 * int age = form.field("age").asInt().min(13).max(130).orElse(0);
 * LocalDate start = form.field("start").asDate().required().min(LocalDate.now()).value();
 * }</pre>
 *
 * @param <T> the value's type
 */
public final class RangedField<T extends Comparable<? super T>> extends TypedField<T> {
    /** How bounds are worded: dates come before or after, other values are at least or at most. */
    enum Words {
        PLAIN("must be at least ", "must be at most "),
        DATE("must be on or after ", "must be on or before ");

        final String min;
        final String max;

        Words(String min, String max) {
            this.min = min;
            this.max = max;
        }

        static Words of(Object value) {
            return value instanceof ChronoLocalDate ? DATE : PLAIN;
        }
    }

    private final Words words;

    RangedField(Validation owner, String name, T value, boolean present, boolean stopped, Words words) {
        super(owner, name, value, present, stopped);
        this.words = words;
    }

    /** Fails with {@code "must be at least 13"} (for a date, {@code "must be on or after ..."}) below {@code min}. */
    public RangedField<T> min(T min) {
        return min(min, words.min + min);
    }

    /** Fails with {@code message} if the value is below {@code min}. */
    public RangedField<T> min(T min, String message) {
        return check(v -> v.compareTo(min) >= 0, message);
    }

    /** Fails with {@code "must be at most 130"} (for a date, {@code "must be on or before ..."}) above {@code max}. */
    public RangedField<T> max(T max) {
        return max(max, words.max + max);
    }

    /** Fails with {@code message} if the value is above {@code max}. */
    public RangedField<T> max(T max, String message) {
        return check(v -> v.compareTo(max) <= 0, message);
    }

    @Override
    public RangedField<T> required() {
        super.required();
        return this;
    }

    @Override
    public RangedField<T> required(String message) {
        super.required(message);
        return this;
    }

    @Override
    public RangedField<T> check(Predicate<? super T> ok, String message) {
        super.check(ok, message);
        return this;
    }

    @Override
    public RangedField<T> oneOf(Collection<? extends T> options) {
        super.oneOf(options);
        return this;
    }
}
