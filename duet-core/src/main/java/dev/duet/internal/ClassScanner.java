package dev.duet.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists the top-level classes of a package and its subpackages without loading them: from
 * directories and jar files on a class loader's class path, and from named modules of the boot
 * layer. It reads only names (directory listings, jar central directories, module contents), so
 * what the caller then loads is its own choice.
 *
 * <p>A package is found in a jar through the jar's directory entries, which {@code jar} and
 * Maven write; for a jar built without them, the jars the loader was given (a
 * {@link URLClassLoader}'s, and {@code java.class.path}) are read directly instead.
 */
public final class ClassScanner {

    /**
     * What a scan found.
     *
     * @param classes   binary names of the top-level classes, sorted
     * @param locations where the package was found (directories, jars, modules), for messages
     */
    public record Found(List<String> classes, List<String> locations) {
    }

    private ClassScanner() {
    }

    /** The top-level classes of {@code packageName} and of every package under it that {@code loader} sees. */
    public static Found scan(ClassLoader loader, String packageName) {
        String path = packageName.replace('.', '/');
        Set<String> classes = new TreeSet<>();
        Set<String> locations = new LinkedHashSet<>();
        try {
            fromModules(packageName, path, classes, locations);
            Enumeration<URL> urls = loader.getResources(path);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                switch (url.getProtocol()) {
                    case "file" -> fromDirectory(Path.of(toUri(url)), path, classes, locations);
                    case "jar" -> fromJar(jarPath(url), path, classes, locations);
                    case "jrt" -> {
                        // a module of the run-time image: listed by fromModules
                    }
                    default -> throw new IllegalStateException("cannot list the classes of package " + packageName + " in " + url
                            + ": only directories, jar files and modules are supported");
                }
            }
            if (locations.isEmpty()) {
                for (Path jar : classPathJars(loader)) fromJar(jar, path, classes, locations);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the classes of package " + packageName + ": " + e.getMessage(), e);
        }
        return new Found(List.copyOf(classes), List.copyOf(locations));
    }

    private static void fromModules(String packageName, String path, Set<String> classes, Set<String> locations) throws IOException {
        for (ResolvedModule module : ModuleLayer.boot().configuration().modules()) {
            boolean holds = false;
            for (String p : module.reference().descriptor().packages()) {
                if (p.equals(packageName) || p.startsWith(packageName) && p.charAt(packageName.length()) == '.') {
                    holds = true;
                    break;
                }
            }
            if (!holds) continue;
            try (ModuleReader reader = module.reference().open(); Stream<String> names = reader.list()) {
                names.forEach(n -> add(n, path, classes));
            }
            locations.add("module " + module.name());
        }
    }

    private static void fromDirectory(Path dir, String path, Set<String> classes, Set<String> locations) throws IOException {
        if (!Files.isDirectory(dir)) return;
        walk(dir, path, classes);
        locations.add(dir.toString());
    }

    /**
     * Adds the classes of {@code dir}, whose resource path is {@code path}, and of the folders in it.
     * A plain recursion rather than {@code Files.walk}: a class file is known by its name, so only
     * the other entries cost a look at their attributes, and a cold JVM at start runs it faster.
     */
    private static void walk(Path dir, String path, Set<String> classes) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".class")) {
                    add(path + '/' + name, path, classes);
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    walk(entry, path + '/' + name, classes);
                }
            }
        }
    }

    private static void fromJar(Path jar, String path, Set<String> classes, Set<String> locations) throws IOException {
        if (!Files.isRegularFile(jar)) return;
        boolean any = false;
        // A JarFile of our own, closed at once: the class loader's cached one must stay open.
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            String prefix = path + "/";
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.startsWith(prefix)) {
                    any = true;
                    add(name, path, classes);
                }
            }
        }
        if (any) locations.add(jar.toString());
    }

    /** Adds the class that resource {@code name} holds, if it is a top-level class under {@code path}. */
    private static void add(String name, String path, Set<String> classes) {
        if (!name.endsWith(".class") || !name.startsWith(path) || name.length() <= path.length() || name.charAt(path.length()) != '/') {
            return;
        }
        String binary = name.substring(0, name.length() - ".class".length());
        String simple = binary.substring(binary.lastIndexOf('/') + 1);
        if (simple.indexOf('$') >= 0 || simple.equals("package-info") || simple.equals("module-info")) return;
        classes.add(binary.replace('/', '.'));
    }

    private static Path jarPath(URL url) {
        String spec = url.getPath();           // file:/x/app.jar!/com/example/pages
        int bang = spec.indexOf("!/");
        if (bang < 0) throw new IllegalStateException("not a jar URL: " + url);
        URI file = URI.create(spec.substring(0, bang));
        if (!"file".equals(file.getScheme())) {
            throw new IllegalStateException("cannot list classes in " + url + ": only jar files on the file system are supported");
        }
        return Path.of(file);
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read class path entry " + url + ": " + e.getMessage(), e);
        }
    }

    /** The jars {@code loader} (and its parents) and the application class path were given. */
    private static List<Path> classPathJars(ClassLoader loader) {
        Set<Path> jars = new LinkedHashSet<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if ("file".equals(url.getProtocol())) jars.add(Path.of(toUri(url)));
                }
            }
        }
        String cp = System.getProperty("java.class.path", "");
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isEmpty()) jars.add(Path.of(entry).toAbsolutePath());
        }
        List<Path> out = new ArrayList<>();
        for (Path p : jars) {
            if (p.getFileName() != null && p.getFileName().toString().endsWith(".jar")) out.add(p);
        }
        return out;
    }
}
