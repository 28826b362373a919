package dev.duet.conformance;

import dev.duet.template.Template;
import dev.duet.template.TemplateEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only {@link TemplateEngine} that exists only to check which template a name resolves to:
 * it reads the class path resource the name means ({@code /a/b/page.html} as is, any other name
 * under {@code templates/}) and replaces each {@code {{key}}} with the model's value, unescaped.
 * It has no syntax, no escaping and no caching; duet-core cannot use a real engine in its tests (a
 * module cycle), and the real ones are tested in duet-pebble and duet-jte.
 */
public final class ResourceTemplates implements TemplateEngine {
    private static final Pattern KEY = Pattern.compile("\\{\\{(\\w+)}}");
    private final ClassLoader loader;

    /** Templates from the class loader that loaded this class. */
    public ResourceTemplates() {
        this(ResourceTemplates.class.getClassLoader());
    }

    /** Templates from {@code loader}. */
    public ResourceTemplates(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public Optional<Template> find(String name) {
        String resource = name.startsWith("/") ? name.substring(1) : "templates/" + name;
        String text;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) return Optional.empty();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(new Template() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void render(Map<String, ?> model, OutputStream out) throws IOException {
                Matcher m = KEY.matcher(text);
                out.write(m.replaceAll(r -> Matcher.quoteReplacement(String.valueOf(model.get(r.group(1)))))
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
