package dev.duet.form;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A field converted to a {@code T} (by {@link Field#as}), or a typed value given to
 * {@link Validation}: each call checks it now and adds what is wrong to the validation. An absent
 * value passes every check but {@link #required()}; a failed {@code required} or conversion stops
 * the chain; other checks all run.
 *
 * <pre>{@code
 * UUID token = form.field("token").as(UUID::fromString, "must be a token").required().value();
 * }</pre>
 *
 * @param <T> the value's type
 */
public class TypedField<T> {
    final Validation owner;
    final String name;
    final T value;
    private final boolean present;
    private final boolean stopped;
    private boolean valid;

    TypedField(Validation owner, String name, T value, boolean present, boolean stopped) {
        this.owner = owner;
        this.name = name;
        this.value = value;
        this.present = present;
        this.stopped = stopped;
        this.valid = !stopped;
    }

    /** The field's name, as errors are filed under it. */
    public String name() {
        return name;
    }

    /** Fails with {@code "is required"} if there is no value. */
    public TypedField<T> required() {
        return required("is required");
    }

    /** Fails with {@code message} if there is no value. */
    public TypedField<T> required(String message) {
        if (!stopped && !present) fail(message);
        return this;
    }

    /** Fails with {@code message} unless {@code ok} holds for the (present) value. */
    public TypedField<T> check(Predicate<? super T> ok, String message) {
        if (runs() && !ok.test(value)) fail(message);
        return this;
    }

    /** Fails with {@code "must be one of: a, b"} unless the value is one of {@code options}. */
    public TypedField<T> oneOf(Collection<? extends T> options) {
        String names = options.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return check(options::contains, "must be one of: " + names);
    }

    /** The value, or null if there is none or it has an error. */
    public T value() {
        return valid && present ? value : null;
    }

    /** The value, or {@code fallback} if there is none or it has an error. */
    public T orElse(T fallback) {
        return valid && present ? value : fallback;
    }

    /** The value if there is one and it has no error. */
    public Optional<T> optional() {
        return Optional.ofNullable(value());
    }

    /** True if no check of this field failed. */
    public boolean valid() {
        return valid;
    }

    /** True if there is a value and no earlier failure stopped the chain: the checks then run. */
    final boolean runs() {
        return present && !stopped;
    }

    final void fail(String message) {
        valid = false;
        owner.error(name, message);
    }
}
