package dev.duet.template.pebble.internal;

import dev.duet.template.TemplateException;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where templates come from, as Pebble's {@link Loader}: Duet's template names (see
 * {@link dev.duet.template}) mapped onto some directories, read first, then the class path. A
 * directory mirrors the class path (a project's {@code src/main/resources}): the name
 * {@code layout.html} is {@code templates/layout.html} in either, {@code /com/example/page.html} is
 * {@code com/example/page.html}.
 *
 * <p>The cache key Pebble asks for is the name in its normal form ({@link #normalize}), so that
 * {@code ./x.html} from two templates beside each other is one template, compiled once.
 */
public final class Sources implements Loader<String> {
    private final String root;
    private final Function<String, URL> classPath;
    private final List<Path> directories;

    /**
     * Names under {@code root} ({@code templates}) on the class path, which {@code classPath} reads
     * (a resource's URL by its path, {@code templates/home.html}; null if none), after {@code directories}.
     */
    public Sources(String root, Function<String, URL> classPath, List<Path> directories) {
        this.root = trimSlashes(Objects.requireNonNull(root, "root"));
        this.classPath = Objects.requireNonNull(classPath, "classPath");
        this.directories = List.copyOf(directories);
    }

    /** One template's text, found: where (what errors name) and, if it is a file, which (what reloading watches). */
    public record Source(String location, Path file, URL url) {
        Reader open() {
            try {
                InputStream in = file != null ? Files.newInputStream(file) : url.openStream();
                return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the template " + location, e);
            }
        }

        /** What changes when the file is edited: its size and time; a resource in a jar never changes. */
        Object stamp() {
            if (file == null) return location;
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return List.of(location, a.lastModifiedTime(), a.size());
            } catch (IOException e) {
                return List.of(location, "unreadable");
            }
        }

        String text() {
            try (Reader r = open()) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[4096];
                for (int n; (n = r.read(buf)) > 0; ) sb.append(buf, 0, n);
                return sb.toString();
            } catch (IOException | UncheckedIOException e) {
                return null;
            }
        }
    }

    /**
     * {@code name} in its normal form: {@code .} and {@code ..} segments applied, a leading
     * {@code /} kept (a class path resource). A name that is empty, has empty segments or
     * backslashes, or climbs above its root is a {@link TemplateException}: such a name is a
     * mistake, and must never reach a file outside the templates.
     */
    public static String normalize(String name) {
        if (name == null || name.isBlank()) throw new TemplateException("a template name must not be empty", name, 0, 0, null);
        if (name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new TemplateException("a template name uses / between folders, and no backslash or NUL", name, 0, 0, null);
        }
        boolean absolute = name.startsWith("/");
        List<String> segments = new ArrayList<>();
        String[] parts = (absolute ? name.substring(1) : name).split("/", -1);
        for (String s : parts) {
            switch (s) {
                case "." -> { }
                case ".." -> {
                    if (segments.isEmpty()) {
                        throw new TemplateException("the template name climbs above " + (absolute ? "the class path" : "the template root"),
                                name, 0, 0, null);
                    }
                    segments.removeLast();
                }
                case "" -> throw new TemplateException("a template name has no empty folder names (// or a trailing /)", name, 0, 0, null);
                default -> segments.add(s);
            }
        }
        if (segments.isEmpty()) throw new TemplateException("a template name must name a file", name, 0, 0, null);
        return (absolute ? "/" : "") + String.join("/", segments);
    }

    /** The resource path of the template named {@code key} (normalized): {@code templates/x.html} or {@code a/b/page.html}. */
    String resourcePath(String key) {
        return key.startsWith("/") ? key.substring(1) : root.isEmpty() ? key : root + "/" + key;
    }

    /** The template named {@code key} (normalized), from the first directory that has it or the class path; null if none. */
    public Source locate(String key) {
        String path = resourcePath(key);
        for (Path dir : directories) {
            Path file = dir.resolve(path);
            if (Files.isRegularFile(file)) return new Source(file.toString(), file, null);
        }
        URL url = classPath.apply(path);
        if (url == null) return null;
        return new Source(path, fileOf(url), url);
    }

    /** Where {@code name} is read from, as errors name it, or the name itself if it cannot be found. */
    public String location(String name) {
        try {
            Source s = locate(normalize(name));
            return s == null ? name : s.location();
        } catch (TemplateException e) {
            return name;
        }
    }

    /** The text of the template {@code name}, or null if it cannot be read: for pointing at an error's column. */
    String text(String name) {
        try {
            Source s = locate(normalize(name));
            return s == null ? null : s.text();
        } catch (TemplateException e) {
            return null;
        }
    }

    /** What reloading compares: where {@code key} is found now and its file's time and size. */
    Object stamp(String key) {
        Source s = locate(key);
        return s == null ? "missing" : s.stamp();
    }

    private static Path fileOf(URL url) {
        // A class path folder (target/classes, an IDE's output): a rebuild that copies resources changes it.
        if (!"file".equals(url.getProtocol())) return null;
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String trimSlashes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') from++;
        while (to > from && s.charAt(to - 1) == '/') to--;
        return s.substring(from, to);
    }

    // Loader, as Pebble calls it

    @Override
    public String createCacheKey(String templateName) {
        return normalize(templateName);
    }

    @Override
    public Reader getReader(String key) {
        Source s = locate(key);
        if (s == null) throw new LoaderException(null, "no such template \"" + key + "\" (looked for " + resourcePath(key) + ")");
        return s.open();
    }

    @Override
    public boolean resourceExists(String templateName) {
        return locate(normalize(templateName)) != null;
    }

    /**
     * {@code ./x.html} and {@code ../x.html} beside {@code anchor} (the template that names it);
     * null for any other name, which Pebble then uses as it is (under the root, or a class path
     * resource if it starts with {@code /}).
     */
    @Override
    public String resolveRelativePath(String relativePath, String anchor) {
        if (relativePath == null || !(relativePath.startsWith("./") || relativePath.startsWith("../"))) return null;
        String base = normalize(anchor);
        return normalize(base.substring(0, base.lastIndexOf('/') + 1) + relativePath);
    }

    @Override
    public void setCharset(String charset) {
        throw new UnsupportedOperationException("templates are read as UTF-8");
    }

    @Override
    public void setPrefix(String prefix) {
        throw new UnsupportedOperationException("the template root is set by PebbleTemplates.builder().root(...)");
    }

    @Override
    public void setSuffix(String suffix) {
        throw new UnsupportedOperationException("template names are written in full, with their extension");
    }
}
