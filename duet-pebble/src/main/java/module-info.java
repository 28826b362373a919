// Pebble 3 ships no module descriptor (its jar names the automatic module io.pebbletemplates), which
// javac warns about; apps need Pebble's types to write extensions, so duet-pebble hands it on anyway.
/**
 * Duet's default template engine, on Pebble: found by an app that was given no engine, through
 * {@link dev.duet.template.TemplateEngine.Provider}.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.duet.pebble {
    exports dev.duet.template.pebble;

    requires transitive dev.duet.core;
    // Pebble's own types (Extension, Filter, Function) are how an app adds filters and functions.
    requires transitive io.pebbletemplates;

    provides dev.duet.template.TemplateEngine.Provider with dev.duet.template.pebble.PebbleProvider;
}
