/**
 * Duet's template SPI on jte: compiled, typed templates with context-aware HTML escaping. An app
 * chooses it with {@code app.templates(JteTemplates.create(app.config()))}; the module provides no
 * {@code TemplateEngine.Provider} (see {@link dev.duet.template.jte.JteTemplates} for why).
 */
module dev.duet.jte {
    exports dev.duet.template.jte;

    requires transitive dev.duet.core;
    requires gg.jte.runtime;
    // jte's compiler: dev mode only. Precompiled templates render without it (a production build may leave it out).
    requires static gg.jte;
}
