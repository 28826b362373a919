package dev.duet.template;

import dev.duet.Config;

import java.util.Optional;

/**
 * A template engine, as Duet uses one: it finds templates by name (see the
 * {@linkplain dev.duet.template package} for what names mean) and renders them to a stream. An
 * engine is shared by every request: it caches what it compiles, and, in dev mode, notices when a
 * template file changes (no stale templates).
 *
 * <pre>{@code
 * app.templates(PebbleTemplates.create(app.config()));   // or just have duet-pebble on the class path
 * app.get("/", req -> View.of("home.html", Map.of("users", users.all())));
 * }</pre>
 */
public interface TemplateEngine {
    /**
     * The template named {@code name}, or empty if there is none. A template that exists but does
     * not compile is a {@link TemplateException} naming its file, line and column.
     */
    Optional<Template> find(String name);

    /** The template named {@code name}; a {@link TemplateException} if there is none. */
    default Template resolve(String name) {
        return find(name).orElseThrow(() -> TemplateException.notFound(name));
    }

    /**
     * Makes the default engine of an app that was given none: a module that provides one (as
     * {@code duet-pebble} does) lists it in {@code META-INF/services} and {@code provides} it in
     * its module descriptor. When several are present, the app's start fails and names them.
     */
    interface Provider {
        /** An engine for an app configured by {@code config} (its {@code dev} setting turns on reloading). */
        TemplateEngine create(Config config);
    }
}
