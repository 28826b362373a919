package dev.duet.form;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * A field sent several times (a multi-select, checkboxes sharing a name): its non-blank values, in
 * the order sent. Each call checks them now and adds what is wrong to the {@link Validation}.
 *
 * <pre>{@code
 * List<String> langs = form.list("langs").required().oneOf("java", "kotlin", "scala").maxSize(2).value();
 * }</pre>
 */
public final class ListField {
    private final Validation owner;
    private final String name;
    private final List<String> values;
    private boolean stopped;
    private boolean valid = true;

    ListField(Validation owner, String name, List<String> values) {
        this.owner = owner;
        this.name = name;
        this.values = values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    /** The field's name, as errors are filed under it. */
    public String name() {
        return name;
    }

    /** Fails with {@code "is required"} if no value was chosen; the other checks then do not run. */
    public ListField required() {
        return required("is required");
    }

    /** Fails with {@code message} if no value was chosen; the other checks then do not run. */
    public ListField required(String message) {
        if (!stopped && values.isEmpty()) {
            stopped = true;
            fail(message);
        }
        return this;
    }

    /** Fails with {@code "choose at least n"} if fewer values were chosen. */
    public ListField minSize(int min) {
        return check(v -> v.size() >= min, "choose at least " + min);
    }

    /** Fails with {@code "choose at most n"} if more values were chosen. */
    public ListField maxSize(int max) {
        return check(v -> v.size() <= max, "choose at most " + max);
    }

    /** Fails with {@code "must be chosen from: a, b"} if any value is not one of {@code options}. */
    public ListField oneOf(String... options) {
        return oneOf(List.of(options));
    }

    /** Fails with {@code "must be chosen from: a, b"} if any value is not one of {@code options}. */
    public ListField oneOf(Collection<String> options) {
        return check(options::containsAll, "must be chosen from: " + String.join(", ", options));
    }

    /** Fails with {@code message} unless {@code ok} holds for the values (also when none was chosen). */
    public ListField check(Predicate<? super List<String>> ok, String message) {
        if (!stopped && !ok.test(values)) fail(message);
        return this;
    }

    /** The values chosen, or an empty list if a check failed. */
    public List<String> value() {
        return valid ? values : List.of();
    }

    /** True if no check of this field failed. */
    public boolean valid() {
        return valid;
    }

    private void fail(String message) {
        valid = false;
        owner.error(name, message);
    }
}
