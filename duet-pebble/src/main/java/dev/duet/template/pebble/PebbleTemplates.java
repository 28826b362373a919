package dev.duet.template.pebble;

import dev.duet.Config;
import dev.duet.HttpError;
import dev.duet.template.Template;
import dev.duet.template.TemplateEngine;
import dev.duet.template.TemplateException;
import dev.duet.template.pebble.internal.Failures;
import dev.duet.template.pebble.internal.FreshCache;
import dev.duet.template.pebble.internal.SecurityFunctions;
import dev.duet.template.pebble.internal.Sources;
import dev.duet.template.pebble.internal.Utf8Writer;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.cache.template.ConcurrentMapTemplateCache;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.template.PebbleTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Duet's default {@link TemplateEngine}: <a href="https://pebbletemplates.io">Pebble</a>, a
 * Jinja-like language (layouts with blocks, includes, macros, filters), with HTML auto-escaping on.
 * With duet-pebble on the class path an app needs no set-up ({@link PebbleProvider} makes one with
 * {@link #create(Config)}); build one yourself to change a setting.
 *
 * <pre>{@code
 * app.templates(PebbleTemplates.builder(app.config())
 *         .strictVariables(true)                 // an undefined variable fails, naming file:line:column
 *         .extension(new MyFilters())            // Pebble's own Extension: filters, functions, tests
 *         .build());
 * app.get("/", req -> View.of("home.html", Map.of("users", users.all())));   // templates/home.html
 * }</pre>
 *
 * <h2>Names</h2>
 * As the {@linkplain dev.duet.template SPI} says: {@code home.html} is {@code templates/home.html}
 * on the class path (the root is {@link Builder#root settable}); {@code /com/example/page.html} is
 * that class path resource. Inside a template, {@code {% extends "layout.html" %}},
 * {@code include} and {@code import} take the same names, and {@code ./x.html} or
 * {@code ../x.html} is a file beside the template itself. A name never climbs above its root.
 *
 * <h2>Compiling and reloading</h2>
 * A template is compiled once, the first time it is found, and then rendered from any number of
 * threads; {@link #find} of a name seen before (including one that does not exist) is a map
 * look-up. With {@link Builder#reload(boolean) reload} on (dev mode), each use checks the file
 * and compiles it again when it changed, and the directories given to {@link Builder#directory}
 * (in dev mode, the project's {@code src/main/resources}) are read before the class path, so an
 * edit shows on the next request without a rebuild.
 *
 * <h2>Failures</h2>
 * A syntax error, a missing variable in strict mode, a filter that fails: each is a
 * {@link TemplateException} naming the template's file and line, and the column where Pebble's
 * message names what it is about (Pebble itself tracks lines only; see {@link TemplateException#column()}).
 */
public final class PebbleTemplates implements TemplateEngine {
    private final Sources sources;
    private final PebbleEngine pebble;
    private final boolean reload;
    private final boolean cache;
    private final long maxOutput;
    // Without reloading, what find() learnt of a name: Optional<Template>, or the TemplateException
    // it does not compile with (an error page template that is broken would else be parsed on every error).
    private final ConcurrentMap<String, Object> found = new ConcurrentHashMap<>();

    private PebbleTemplates(Builder b) {
        Function<String, URL> classPath = b.resources;
        if (classPath == null) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            classPath = (loader != null ? loader : PebbleTemplates.class.getClassLoader())::getResource;
        }
        this.sources = new Sources(b.root, classPath, b.directories);
        this.reload = b.reload;
        this.cache = b.cache;
        this.maxOutput = b.maxOutput;
        PebbleEngine.Builder pb = new PebbleEngine.Builder()
                .loader(sources)
                .strictVariables(b.strictVariables)
                .autoEscaping(true)
                .defaultEscapingStrategy("html")
                .cacheActive(b.cache);
        if (b.cache) pb.templateCache(b.reload ? new FreshCache(sources) : new ConcurrentMapTemplateCache());
        pb.extension(new SecurityFunctions()); // csrf_field(), csrf_token(), csp_nonce()
        for (Extension e : b.extensions) pb.extension(e);
        this.pebble = pb.build();
    }

    /**
     * The engine an app configured by {@code config} gets by default: templates under
     * {@code templates/} on the class path, auto-escaping, lenient variables; in dev mode
     * ({@link Config#dev()}), reloading, with the project's resources folder
     * ({@link Config#devResources()}, {@code src/main/resources}) read first if it exists.
     */
    public static PebbleTemplates create(Config config) {
        return builder(config).build();
    }

    /** A builder with the production defaults (no reloading, no directories). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with {@code config}'s defaults, as {@link #create(Config)} uses them, to change further. */
    public static Builder builder(Config config) {
        Builder b = new Builder().reload(config.dev());
        Path resources = Path.of(config.devResources());
        if (config.dev() && Files.isDirectory(resources)) b.directory(resources);
        return b;
    }

    @Override
    public Optional<Template> find(String name) {
        String key = Sources.normalize(name);
        if (!cache || reload) return look(key); // with reloading, a template may come or change at any time
        Object known = found.computeIfAbsent(key, k -> {
            try {
                return look(k);
            } catch (TemplateException e) {
                return e;
            }
        });
        if (known instanceof TemplateException e) throw e;
        @SuppressWarnings("unchecked")
        Optional<Template> template = (Optional<Template>) known;
        return template;
    }

    private Optional<Template> look(String key) {
        return sources.locate(key) == null ? Optional.empty() : Optional.of(compile(key));
    }

    private Template compile(String key) {
        try {
            PebbleTemplate compiled = pebble.getTemplate(key);
            return new PebbleView(key, reload ? null : compiled);
        } catch (PebbleException e) {
            throw Failures.translate(e, key, sources);
        }
    }

    @Override
    public String toString() {
        return "PebbleTemplates" + (reload ? " (reloading)" : "");
    }

    /**
     * One template, named by its normal form (one template however it was asked for); with
     * reloading, it asks the engine again on each render, so that it is never stale.
     */
    private final class PebbleView implements Template {
        private final String key;
        private final PebbleTemplate compiled;

        PebbleView(String key, PebbleTemplate compiled) {
            this.key = key;
            this.compiled = compiled;
        }

        @Override
        public String name() {
            return key;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void render(Map<String, ?> model, OutputStream out) throws IOException {
            Objects.requireNonNull(out, "out");
            // Pebble reads the model and never writes it: {% set %} goes to a scope of its own.
            Map<String, Object> values = model == null ? Map.of() : (Map<String, Object>) model;
            // 2 KiB: a bigger buffer, zeroed on every render, cost more than the extra writes it saves.
            Utf8Writer writer = new Utf8Writer(out, 2048, maxOutput);
            try {
                PebbleTemplate template = compiled != null ? compiled : pebble.getTemplate(key);
                template.evaluate(writer, values);
                writer.close();
            } catch (TemplateException | HttpError e) {
                throw e; // already says where, or is an answer the app chose (a 404 from a function)
            } catch (RuntimeException e) {
                Utf8Writer.TooLong tooLong = Utf8Writer.TooLong.in(e);
                if (tooLong != null) throw new TemplateException(tooLong.getMessage(), sources.location(key), 0, 0, e);
                HttpError answer = Failures.httpError(e);
                if (answer != null) throw answer; // a model method chose the answer (a 404), through Pebble's wrapping
                throw e instanceof PebbleException p ? Failures.translate(p, key, sources) : Failures.translate(e, key, sources);
            }
        }

        @Override
        public String toString() {
            return "Pebble template " + key;
        }
    }

    /**
     * The settings of a {@link PebbleTemplates}; each has a default, so {@code builder().build()}
     * is a working engine.
     *
     * <pre>{@code
     * PebbleTemplates engine = PebbleTemplates.builder()
     *         .root("views")                         // views/home.html for "home.html"
     *         .directory(Path.of("site/overrides"))  // read before the class path
     *         .strictVariables(true)
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        /** The default of {@link #maxOutput(long)}: 16 MiB. */
        public static final long DEFAULT_MAX_OUTPUT = 16L << 20;

        private String root = "templates";
        private Function<String, URL> resources;
        private final List<Path> directories = new ArrayList<>();
        private boolean strictVariables;
        private final List<Extension> extensions = new ArrayList<>();
        private boolean cache = true;
        private boolean reload;
        private long maxOutput = DEFAULT_MAX_OUTPUT;

        private Builder() {
        }

        /** The class path folder that names without a leading {@code /} are under; {@code templates} by default. */
        public Builder root(String root) {
            this.root = Objects.requireNonNull(root, "root");
            return this;
        }

        /**
         * The class loader templates are read from; by default the thread's context class loader
         * when the engine is built (or duet-pebble's own, if there is none).
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.resources = Objects.requireNonNull(classLoader, "classLoader")::getResource;
            return this;
        }

        /**
         * How class path resources are found, in place of a class loader: {@code resources} gives
         * the URL of a path such as {@code templates/home.html}, or null. For an app that is a named
         * JPMS module: its folders whose names could be packages ({@code templates},
         * {@code com/example/pages}) are closed to other modules' class loader look-ups, so the
         * app looks them up itself, which a module may always do:
         *
         * <pre>{@code
         * PebbleTemplates.builder().resources(path -> Main.class.getResource("/" + path)).build();
         * }</pre>
         */
        public Builder resources(Function<String, URL> resources) {
            this.resources = Objects.requireNonNull(resources, "resources");
            return this;
        }

        /**
         * A folder laid out as the class path ({@code templates/home.html},
         * {@code com/example/page.html}), read before it; several are read in the order given.
         */
        public Builder directory(Path directory) {
            directories.add(Objects.requireNonNull(directory, "directory"));
            return this;
        }

        /**
         * Whether an undefined variable or attribute fails the render (naming file, line and
         * column) rather than printing nothing. Off by default, as in Jinja: Pebble's strict mode
         * also refuses a null value in {@code if}, {@code and} and {@code or} (a nullable field in
         * {@code {% if user.email %}}), which ordinary templates rely on. Turn it on to catch typos
         * early; {@code is defined} and the {@code default} filter still work in strict mode.
         */
        public Builder strictVariables(boolean strict) {
            this.strictVariables = strict;
            return this;
        }

        /** Adds Pebble extensions: an app's own filters, functions, tests, operators and global variables. */
        public Builder extension(Extension... extensions) {
            for (Extension e : extensions) this.extensions.add(Objects.requireNonNull(e, "extension"));
            return this;
        }

        /**
         * Whether compiled templates are kept (on by default). Off, every render compiles its
         * templates again: only for measuring or debugging the compiler.
         */
        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /**
         * Whether a template whose file changed is compiled again on its next use (dev mode);
         * off by default, and for production, where templates never change.
         */
        public Builder reload(boolean reload) {
            this.reload = reload;
            return this;
        }

        /**
         * The most bytes one render may write, {@value #DEFAULT_MAX_OUTPUT} (16 MiB) by default:
         * a template that loops out of control fails with a {@link TemplateException} instead of
         * filling the memory (the response is built before it is sent). The check is made as the
         * output is handed on, so a render stops at most 2 KiB past the limit.
         */
        public Builder maxOutput(long bytes) {
            if (bytes <= 0) throw new IllegalArgumentException("maxOutput must be positive: " + bytes);
            this.maxOutput = bytes;
            return this;
        }

        /** The engine. */
        public PebbleTemplates build() {
            return new PebbleTemplates(this);
        }
    }
}
