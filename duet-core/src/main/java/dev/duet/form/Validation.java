package dev.duet.form;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Checks values one field at a time and collects what is wrong with each, in the order found,
 * several errors per field allowed. The readers it hands out ({@link Field}, {@link RangedField},
 * {@link ListField}, {@link FileField}) add their errors here; {@link #error} adds one of your own (a cross-field
 * check, a taken email). A {@link Form} is a validation whose values come from a request's fields;
 * this class alone validates values from anywhere else, such as a JSON body's record:
 *
 * <pre>{@code
 * record NewUser(String email, Integer age) {}
 *
 * app.post("/api/users", req -> {
 *     NewUser body = Validation.validate(req.json(NewUser.class), (v, u) -> {
 *         v.field("email", u.email()).required().email();
 *         v.field("age", u.age()).min(13);
 *     });                                       // 422 {"errors": {"email": ["is required"]}} if invalid
 *     return Response.json(users.create(body)).status(201);
 * });
 * }</pre>
 *
 * <p>Not thread-safe: one request's code fills it, on one thread at a time.
 */
public class Validation {
    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    /** An empty validation: no errors yet. */
    public Validation() {
    }

    /**
     * {@code value} after {@code rules} checked it: returned as it is if no rule added an error,
     * else a {@link ValidationException} (422) with every error.
     */
    public static <T> T validate(T value, BiConsumer<? super Validation, ? super T> rules) {
        Validation v = new Validation();
        rules.accept(v, value);
        v.orThrow();
        return value;
    }

    /** A text reader of {@code value} (null: absent) under the field name {@code name}. */
    public Field field(String name, String value) {
        return new Field(this, name, value);
    }

    /**
     * A typed reader of {@code value} (null: absent) under the field name {@code name}: a JSON
     * body's number, date or enum, checked with {@code min}, {@code max}, {@code oneOf} and
     * {@code check}.
     */
    public <T extends Comparable<? super T>> RangedField<T> field(String name, T value) {
        return new RangedField<>(this, name, value, value != null, false, RangedField.Words.of(value));
    }

    /** A reader of several values (a multi-select, a JSON array of strings) under {@code name}; null is none. */
    public ListField list(String name, List<String> values) {
        return new ListField(this, name, values == null ? List.of() : values);
    }

    /** Adds {@code message} to the errors of {@code field} (e.g. {@code "does not match"}); returns this. */
    public Validation error(String field, String message) {
        errors.computeIfAbsent(field, f -> new ArrayList<>(2)).add(message);
        return this;
    }

    /** Adds {@code message} to the errors of {@code field} unless {@code ok}; returns this. */
    public Validation check(String field, boolean ok, String message) {
        return ok ? this : error(field, message);
    }

    /** True if any field has an error. */
    public boolean invalid() {
        return !errors.isEmpty();
    }

    /** True if no field has an error. */
    public boolean valid() {
        return errors.isEmpty();
    }

    /** Every field's errors, fields in the order of their first error; a read-only copy. */
    public Map<String, List<String>> errors() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        return Collections.unmodifiableMap(copy);
    }

    /** The errors of {@code field}, in the order they were found; empty if none. */
    public List<String> errors(String field) {
        List<String> messages = errors.get(field);
        return messages == null ? List.of() : List.copyOf(messages);
    }

    /**
     * True if {@code field} has at least one error: {@code {% if form.invalid("email") %}}.
     * (Not {@code hasErrors}: Pebble reads {@code form.errors(...)} as {@code invalid(...)} when
     * such a method exists, trying {@code get}, {@code is} and {@code has} before the bare name.)
     */
    public boolean invalid(String field) {
        return errors.containsKey(field);
    }

    /** The first error of {@code field}, or null if it has none. */
    public String firstError(String field) {
        List<String> messages = errors.get(field);
        return messages == null ? null : messages.getFirst();
    }

    /** Throws a {@link ValidationException} (422, every error) if any field has an error. */
    public void orThrow() {
        if (invalid()) throw new ValidationException(errors());
    }

    /**
     * Called by {@link Field#secret()}: the value of {@code field} must not be shown again. A plain
     * validation shows nothing; a {@link Form} stops echoing the field.
     */
    void hide(String field) {
    }
}
