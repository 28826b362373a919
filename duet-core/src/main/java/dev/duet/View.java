package dev.duet;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A template to render with a model: what a handler or a page returns to answer with HTML. The app
 * renders it through its {@link dev.duet.template.TemplateEngine} as soon as the handler returns,
 * on the handler's thread, so that a template error goes to the error handlers like any other.
 * The model also holds the {@link Request} as {@code request}, unless it has its own.
 *
 * <pre>{@code
 * app.get("/", req -> View.of("home.html", Map.of("users", users.all())));
 * app.get("/missing", req -> Response.status(404, View.of("errors/gone.html")));   // a status of its own
 * }</pre>
 *
 * <p>In a page class, a name without a leading {@code /} is the template beside the page; see
 * {@link dev.duet.template} for what names mean elsewhere.
 *
 * @param name  the template's name
 * @param model the values the template sees, by name (null values are allowed)
 */
public record View(String name, Map<String, Object> model) {
    /** A view of {@code name} with {@code model}, which is copied (in its own order). */
    public View {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("a view needs a template name");
        model = model == null || model.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(model));
    }

    /** {@code name} with an empty model. */
    public static View of(String name) {
        return new View(name, Map.of());
    }

    /** {@code name} with {@code model}. */
    @SuppressWarnings("unchecked")
    public static View of(String name, Map<String, ?> model) {
        return new View(name, (Map<String, Object>) model); // the constructor copies it
    }

    /** This view with {@code key} set to {@code value} in its model. */
    public View with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.put(key, value);
        return new View(name, m);
    }

    /** This view under another template name (how a page resolves a name relative to itself). */
    public View named(String otherName) {
        return new View(otherName, model);
    }
}
