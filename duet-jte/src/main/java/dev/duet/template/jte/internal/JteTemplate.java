package dev.duet.template.jte.internal;

import dev.duet.template.Template;
import gg.jte.TemplateEngine;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One jte template, known to Duet by {@code name} and to jte by {@code jteName}.
 *
 * @param name    the name it was found by
 * @param jteName jte's name for it: its path under jte's source folder
 * @param jte     the engine that renders it
 */
public record JteTemplate(String name, String jteName, TemplateEngine jte) implements Template {
    @Override
    @SuppressWarnings("unchecked") // jte reads the map, never writes it: any value type will do
    public void render(Map<String, ?> model, OutputStream out) throws IOException {
        Utf8Stream output = new Utf8Stream(out);
        try {
            jte.render(jteName, (Map<String, Object>) model, output);
        } catch (Utf8Stream.StreamFailed e) {
            throw e.getCause();
        } catch (gg.jte.TemplateException e) {
            if (e.getCause() instanceof Utf8Stream.StreamFailed failed) throw failed.getCause();
            throw Failures.rendering(jteName, e);
        }
        output.finish();
    }

    @Override
    public String toString() {
        return "jte template " + jteName;
    }
}
