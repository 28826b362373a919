package dev.duet.template;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One template, resolved (and compiled, if the engine compiles) by a {@link TemplateEngine}:
 * rendered as often as needed, from any thread at once.
 *
 * <pre>{@code
 * Template page = engine.resolve("users.html");
 * page.render(Map.of("users", users), out);   // UTF-8 bytes, straight into out
 * }</pre>
 */
public interface Template {
    /** The name it was resolved by. */
    String name();

    /**
     * Writes this template, rendered with {@code model}, to {@code out} as UTF-8. A failure of the
     * template itself (a missing variable in strict mode, a filter that throws) is a
     * {@link TemplateException} naming the file, line and column; {@code out} may then hold part
     * of the output, which the caller drops.
     */
    void render(Map<String, ?> model, OutputStream out) throws IOException;
}
