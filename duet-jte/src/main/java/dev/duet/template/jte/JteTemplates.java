package dev.duet.template.jte;

import dev.duet.Config;
import dev.duet.template.Template;
import dev.duet.template.TemplateEngine;
import dev.duet.template.TemplateException;
import dev.duet.template.jte.internal.Failures;
import dev.duet.template.jte.internal.JteTemplate;
import dev.duet.template.jte.internal.OnTheFly;
import gg.jte.CodeResolver;
import gg.jte.ContentType;
import gg.jte.runtime.ClassInfo;
import gg.jte.runtime.Constants;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Duet's templates on jte: compiled, typed {@code .jte} templates with context-aware HTML escaping
 * ({@code ContentType.Html}), rendered as UTF-8 straight into the response.
 *
 * <pre>{@code
 * App app = App.create();
 * app.templates(JteTemplates.create(app.config()));   // dev: src/main/jte, reloaded; else precompiled
 * app.get("/", req -> View.of("home.jte", Map.of("name", "Ada")));
 * }</pre>
 *
 * <h2>Two ways to get templates</h2>
 * <ul>
 * <li>{@link #dev(Path)}: jte compiles each template from its source folder when it is first asked
 *     for, and again when it (or a template it calls) changes. Needs jte's compiler
 *     ({@code gg.jte:jte}) and a JDK.
 * <li>{@link #precompiled()}: the templates were compiled at build time by
 *     {@code jte-maven-plugin}'s {@code precompile} goal, and are loaded as classes from the class
 *     path: no compiler, no source, no file watching. Compile them with
 *     {@code binaryStaticContent} on: their static parts are then written as precompiled UTF-8.
 * </ul>
 * {@link #create(Config)} picks between them by {@link Config#dev()}.
 *
 * <h2>Names</h2>
 * jte knows a template by its path under jte's source folder ({@code src/main/jte}), which stands for
 * the class path's root. A Duet name maps onto it as the {@linkplain dev.duet.template template SPI}
 * says: {@code "/com/example/pages/users/page.jte"} is {@code com/example/pages/users/page.jte};
 * any other name is under the template root, {@code templates} unless {@link #root(String)} says
 * otherwise: {@code "layout.jte"} is {@code templates/layout.jte}. A name that does not end in
 * {@code .jte} (or {@code .kte}) stands for the {@code .jte} template of the same path, so that
 * {@code "errors/404.html"}, the name Duet asks for an error page by, finds
 * {@code templates/errors/404.jte}. Inside a template, jte's own calls use jte's names:
 * {@code @template.templates.layout(...)} calls {@code templates/layout.jte}.
 *
 * <h2>Why no {@code TemplateEngine.Provider}</h2>
 * This module does not make itself the app's engine by being on the class path, as duet-pebble does:
 * which source folder to compile in dev mode, and whether the build precompiles, are decisions of the
 * app's build that the class path cannot tell; and a jar that sits beside duet-pebble (a benchmark
 * with both, say) must not turn a working app into one whose start fails for having two engines.
 * An app chooses jte with {@code app.templates(...)}.
 */
public final class JteTemplates implements TemplateEngine {
    /** The template root of a new engine: names without a leading {@code /} are under it. */
    public static final String DEFAULT_ROOT = "templates";

    /** Where {@link #create(Config)} compiles templates from in dev mode, relative to the working directory. */
    public static final Path DEFAULT_SOURCE = Path.of("src", "main", "jte");

    /** How many names a precompiled engine remembers the answer for; beyond that it asks jte each time. */
    private static final int REMEMBERED = 10_000;

    private final gg.jte.TemplateEngine jte;
    private final CodeResolver source; // null when precompiled
    private final ClassLoader classes; // null when compiling on the fly
    private final String what;
    private final String root;
    private final Map<String, Optional<Template>> known; // precompiled only: those never change

    private JteTemplates(gg.jte.TemplateEngine jte, CodeResolver source, ClassLoader classes, String what, String root) {
        this.jte = jte;
        this.source = source;
        this.classes = classes;
        this.what = what;
        this.root = root;
        this.known = source == null ? new ConcurrentHashMap<>() : null;
    }

    /**
     * The engine an app usually wants: in dev mode ({@link Config#dev()}), {@link #dev(Path)} on
     * {@link #DEFAULT_SOURCE}; otherwise {@link #precompiled()}.
     *
     * @throws IllegalStateException in dev mode, if there is no {@code src/main/jte} folder
     */
    public static JteTemplates create(Config config) {
        if (!config.dev()) return precompiled();
        if (!Files.isDirectory(DEFAULT_SOURCE)) {
            throw new IllegalStateException("dev mode compiles jte templates from " + DEFAULT_SOURCE + ", and "
                    + DEFAULT_SOURCE.toAbsolutePath() + " is not a directory: start the app from its project's folder,"
                    + " or say where the templates are with JteTemplates.dev(path)");
        }
        return dev(DEFAULT_SOURCE);
    }

    /**
     * jte compiling the templates of {@code sourceRoot} as they are first rendered, and again when
     * one changes. The compiled classes go to a new folder of the system's temporary directory.
     *
     * @throws IllegalArgumentException if {@code sourceRoot} is not a directory
     * @throws IllegalStateException    if jte's compiler ({@code gg.jte:jte}) is not on the class path
     */
    public static JteTemplates dev(Path sourceRoot) {
        Objects.requireNonNull(sourceRoot, "sourceRoot");
        OnTheFly.Compiling compiling;
        try {
            compiling = OnTheFly.from(sourceRoot);
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("dev mode compiles jte templates with jte's compiler, gg.jte:jte, which is not"
                    + " on the class path; add it, or use precompiled templates (JteTemplates.precompiled())", e);
        }
        return new JteTemplates(compiling.jte(), compiling.source(), null,
                "compiled on the fly from " + sourceRoot + ", reloaded when they change", DEFAULT_ROOT);
    }

    /**
     * The templates {@code jte-maven-plugin} precompiled, loaded as classes (package
     * {@code gg.jte.generated.precompiled}) from the class path of the thread that calls this.
     */
    public static JteTemplates precompiled() {
        ClassLoader classes = Thread.currentThread().getContextClassLoader();
        if (classes == null) classes = JteTemplates.class.getClassLoader();
        return new JteTemplates(gg.jte.TemplateEngine.createPrecompiled(ContentType.Html), null, classes, "precompiled", DEFAULT_ROOT);
    }

    /** The templates {@code jte-maven-plugin} precompiled, loaded by {@code loader}. */
    public static JteTemplates precompiled(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        // jte loads precompiled classes through the context class loader it sees when it starts
        thread.setContextClassLoader(loader);
        try {
            return precompiled();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * The same templates with another template root: names without a leading {@code /} are under
     * {@code root} ({@code "views"}, {@code "site/pages"}), or are jte's names themselves if it is empty.
     *
     * @throws IllegalArgumentException if {@code root} is not a relative {@code /}-separated path
     */
    public JteTemplates root(String root) {
        Objects.requireNonNull(root, "root");
        String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        if (!r.isEmpty()) {
            String problem = problem(r);
            if (problem != null) throw new IllegalArgumentException("the template root '" + root + "' " + problem);
        }
        return new JteTemplates(jte, source, classes, what, r);
    }

    /** The template root: names without a leading {@code /} are under it ({@code ""} if they are jte's names). */
    public String root() {
        return root;
    }

    /**
     * jte's name for the template Duet knows as {@code name}: {@code "home.jte"} is
     * {@code "templates/home.jte"}, {@code "/com/example/page.jte"} is {@code "com/example/page.jte"},
     * {@code "errors/404.html"} is {@code "templates/errors/404.jte"}.
     *
     * @throws TemplateException if {@code name} is not a template name (empty, a {@code ..} segment, a backslash)
     */
    public String jteName(String name) {
        Objects.requireNonNull(name, "name");
        String path = name.startsWith("/") ? name.substring(1) : root.isEmpty() ? name : root + "/" + name;
        String problem = problem(path);
        if (problem != null) throw new TemplateException("not a template name: it " + problem, name, 0, 0, null);
        if (path.endsWith(".jte") || path.endsWith(".kte")) return path;
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        return (dot > slash + 1 ? path.substring(0, dot) : path) + ".jte";
    }

    @Override
    public Optional<Template> find(String name) {
        String jteName = jteName(name);
        if (source != null) return compiled(name, jteName);
        Optional<Template> found = known.get(name);
        if (found != null) return found;
        found = loaded(name, jteName);
        if (known.size() < REMEMBERED) known.put(name, found);
        return found;
    }

    private Optional<Template> loaded(String name, String jteName) {
        // absent is not found; present but failing to load (a class the template needs is missing,
        // a class file from another jte) is a failure of its own, which jte's hasTemplate would hide
        String classFile = new ClassInfo(jteName, Constants.PACKAGE_NAME_PRECOMPILED).fullName.replace('.', '/') + ".class";
        if (classes.getResource(classFile) == null) return Optional.empty();
        try {
            jte.prepareForRendering(jteName);
        } catch (gg.jte.TemplateException | LinkageError e) {
            Throwable why = e instanceof gg.jte.TemplateException && e.getCause() != null ? e.getCause() : e;
            throw new TemplateException("its precompiled class " + classFile + " does not load: " + why, jteName, 0, 0, e);
        }
        return Optional.of(new JteTemplate(name, jteName, jte));
    }

    private Optional<Template> compiled(String name, String jteName) {
        if (!source.exists(jteName)) return Optional.empty();
        try {
            jte.prepareForRendering(jteName); // compiles it now (if it changed): a template that does not compile is not found
        } catch (gg.jte.TemplateException e) {
            throw Failures.compiling(jteName, e);
        }
        return Optional.of(new JteTemplate(name, jteName, jte));
    }

    /** Why {@code path} is not a relative template path, or null if it is one. */
    private static String problem(String path) {
        if (path.isEmpty()) return "is empty";
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') return "has a backslash (use /)";
            if (c < 0x20 || c == 0x7F) return "has a control character";
            if (c == ':') return "has a colon";
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty()) return "has an empty segment (//, or a / at the start or end)";
            if (segment.equals(".") || segment.equals("..")) return "has a '" + segment + "' segment";
        }
        return null;
    }

    @Override
    public String toString() {
        return "jte templates (" + what + "; root " + (root.isEmpty() ? "none" : root) + ")";
    }
}
