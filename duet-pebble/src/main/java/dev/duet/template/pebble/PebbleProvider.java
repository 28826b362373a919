package dev.duet.template.pebble;

import dev.duet.Config;
import dev.duet.template.TemplateEngine;

/**
 * Makes {@link PebbleTemplates} the engine of every app that was given none: with duet-pebble on
 * the class path, a handler can return a {@link dev.duet.View} with no set-up. Apps do not call
 * it; {@code ServiceLoader} does.
 *
 * <pre>{@code
 * App app = App.create();                               // duet-pebble is on the class path
 * app.get("/", req -> View.of("home.html"));            // templates/home.html, through Pebble
 * }</pre>
 */
public final class PebbleProvider implements TemplateEngine.Provider {
    /** The provider, as {@code ServiceLoader} makes it. */
    public PebbleProvider() {
    }

    /** {@link PebbleTemplates#create(Config)}: the defaults, reloading templates in dev mode. */
    @Override
    public TemplateEngine create(Config config) {
        return PebbleTemplates.create(config);
    }
}
