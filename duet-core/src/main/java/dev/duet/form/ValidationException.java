package dev.duet.form;

import dev.duet.HttpError;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A 422 Unprocessable Content carrying every field's errors: what {@link Validation#orThrow()}
 * throws. Duet's default error path answers a JSON client with
 * <pre>{@code {"error": "Invalid fields: email, age", "status": 422, "requestId": "...",
 *  "errors": {"email": ["must be an email address"], "age": ["must be at least 13"]}}}</pre>
 * and a browser with a page listing them. Error handlers registered for 422 or for this type see
 * it first.
 *
 * <pre>{@code
 * if (users.emailTaken(email)) throw ValidationException.of("email", "is already registered");
 * }</pre>
 */
public final class ValidationException extends HttpError {
    private final Map<String, List<String>> errors;

    /** A 422 with {@code errors}, each field's messages in order; at least one field. */
    public ValidationException(Map<String, List<String>> errors) {
        Map<String, List<String>> copied = copy(errors);
        super(422, "Invalid fields: " + String.join(", ", copied.keySet()), Map.of(), copied, null);
        this.errors = copied;
    }

    /** A 422 with one error, {@code message} on {@code field}. */
    public static ValidationException of(String field, String message) {
        return new ValidationException(Map.of(field, List.of(message)));
    }

    /** Every field's errors, in the order they were found. */
    public Map<String, List<String>> errors() {
        return errors;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> errors) {
        if (errors.isEmpty()) throw new IllegalArgumentException("a ValidationException needs at least one field's error");
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        errors.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
        return Collections.unmodifiableMap(copy);
    }
}
