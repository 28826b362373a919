/**
 * The template SPI: what a template engine gives Duet. An app renders a {@link dev.duet.View}
 * (returned from a handler or a page) through the one {@link dev.duet.template.TemplateEngine} it
 * was given ({@code app.templates(...)}) or found on the class path (a module such as
 * {@code duet-pebble} provides a {@link dev.duet.template.TemplateEngine.Provider}).
 *
 * <h2>Template names</h2>
 * A name is a {@code /}-separated path. One that starts with {@code /} is a class path resource:
 * that is how a page names the template beside it ({@code /com/example/pages/users/page.html}).
 * Any other name is looked up under the engine's template root ({@code templates/} on the class
 * path by default): {@code "layout.html"}, {@code "errors/404.html"}.
 */
package dev.duet.template;
