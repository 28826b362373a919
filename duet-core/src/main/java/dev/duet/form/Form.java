package dev.duet.form;

import dev.duet.Request;
import dev.duet.Response;
import dev.duet.UploadedFile;
import dev.duet.View;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A request's form fields, read, converted and checked: a {@link Validation} whose values come
 * from {@link Request#formParams()}. It keeps what the user typed, so that a page with errors can
 * be shown again filled in: {@link #rerender} answers 422 with the form in the template's model,
 * where {@code form.value("email")} is the input and {@code form.errors("email")} its errors.
 *
 * <pre>{@code
 * app.post("/signup", req -> {
 *     Form form = Form.of(req);
 *     String email = form.field("email").required().trim().email().value();
 *     String password = form.field("password").secret().required().minLength(8).value();
 *     String again = form.field("password2").secret().value();
 *     form.check("password2", password == null || password.equals(again), "does not match");
 *     if (form.invalid()) return form.rerender("signup.html");          // 422, the page again
 *     accounts.create(email, password);
 *     return Response.redirect("/welcome");
 * });
 * }</pre>
 *
 * <p>In a Pebble template:
 * <pre>{@code
 * <input name="email" value="{{ form.value("email") }}">
 * {% for e in form.errors("email") %}<p class="error">{{ e }}</p>{% endfor %}
 * }</pre>
 *
 * <p>For an API route, {@link #orThrow()} answers 422 with the errors as JSON. Not thread-safe:
 * one request's code uses it.
 */
public final class Form extends Validation {
    private final Map<String, List<String>> input;
    private final Map<String, List<UploadedFile>> files;
    private final Set<String> hidden = new HashSet<>();

    private Form(Map<String, List<String>> input, Map<String, List<UploadedFile>> files) {
        this.input = input;
        this.files = files;
    }

    /** The fields of {@code req}'s form body, url-encoded or multipart with its files (empty if it sent none). */
    public static Form of(Request req) {
        return new Form(req.formParams(), req.files());
    }

    /** A form over {@code fields} (e.g. a query string's, {@code req.queryParams()}). */
    public static Form of(Map<String, List<String>> fields) {
        return new Form(Map.copyOf(fields), Map.of());
    }

    /**
     * The form itself with no fields and no errors: what a {@code GET} hands the template, so that
     * one template serves the empty form and the form with errors.
     */
    public static Form empty() {
        return new Form(Map.of(), Map.of());
    }

    /** A reader of field {@code name}'s first value. */
    public Field field(String name) {
        return field(name, first(name));
    }

    /** A reader of the file uploaded in field {@code name} (the first, if several were): a multipart form's. */
    public FileField file(String name) {
        List<UploadedFile> chosen = files.get(name);
        return new FileField(this, name, chosen == null || chosen.isEmpty() ? null : chosen.getFirst());
    }

    /** A reader of every value of field {@code name} (a multi-select, checkboxes sharing a name). */
    public ListField list(String name) {
        return list(name, input.getOrDefault(name, List.of()));
    }

    /**
     * What the user typed in field {@code name}, as sent (not trimmed), for showing it again;
     * {@code ""} if the field was not sent or is {@linkplain Field#secret() secret}.
     */
    public String value(String name) {
        String v = hidden.contains(name) ? null : first(name);
        return v == null ? "" : v;
    }

    /** Every value sent for field {@code name}, for showing a multi-select again; empty if secret. */
    public List<String> values(String name) {
        return hidden.contains(name) ? List.of() : input.getOrDefault(name, List.of());
    }

    /** True if checkbox {@code name} was ticked ({@code on}, {@code true}, {@code yes}, {@code 1}), for showing it again. */
    public boolean checked(String name) {
        String v = first(name);
        return v != null && switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1" -> true;
            default -> false;
        };
    }

    /** True if {@code option} was among the values of field {@code name}, for {@code selected} in a select. */
    public boolean selected(String name, String option) {
        return values(name).contains(option);
    }

    /** The page again with status 422: template {@code template} with this form as {@code form}. */
    public Response rerender(String template) {
        return rerender(template, Map.of());
    }

    /** The page again with status 422: template {@code template}, {@code model} and this form as {@code form}. */
    public Response rerender(String template, Map<String, ?> model) {
        return rerender(View.of(template, model));
    }

    /** {@code view} with this form as {@code form} in its model, answered with status 422. */
    public Response rerender(View view) {
        return Response.status(422, view.with("form", this));
    }

    /** The fields sent, without the secret ones: for logging or a model of one's own. */
    public Map<String, List<String>> input() {
        Map<String, List<String>> shown = new LinkedHashMap<>(input);
        shown.keySet().removeAll(hidden);
        return shown;
    }

    @Override
    void hide(String field) {
        hidden.add(field);
    }

    private String first(String name) {
        List<String> values = input.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    @Override
    public String toString() {
        return "Form" + input().keySet() + (invalid() ? " with errors " + errors() : "");
    }
}
