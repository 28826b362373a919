package dev.duet.cli.internal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one generation of the app: the app's classes come from the dev compile
 * directories (newest first), child-first, so that each generation has classes of its own; Duet
 * and the dependencies come from the parent, shared by every generation, so that objects of
 * theirs pass between the runner and the app. Resources are looked up in the project's resources
 * folder first, so that templates and static files read through the class path are the ones
 * being edited, without a restart.
 */
final class GenerationLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final List<Path> roots; // resources folder (if any), then class directories, newest first
    private final List<Path> classDirs;

    GenerationLoader(String name, Path resources, List<Path> classDirs, ClassLoader parent) {
        super(name, parent);
        this.classDirs = List.copyOf(classDirs);
        List<Path> r = new ArrayList<>();
        if (resources != null) r.add(resources); // even if it does not exist yet: it may be made while this generation serves
        r.addAll(classDirs);
        this.roots = List.copyOf(r);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && !name.startsWith("java.")) {
                Path file = find(classDirs, name.replace('.', '/') + ".class");
                if (file != null) c = define(name, file);
            }
            if (c == null) return super.loadClass(name, resolve);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        Path file = find(classDirs, name.replace('.', '/') + ".class");
        if (file == null) throw new ClassNotFoundException(name);
        return define(name, file);
    }

    private Class<?> define(String name, Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    protected URL findResource(String name) {
        Path p = find(roots, name);
        return p == null ? null : url(p);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        ClassLoader parent = getParent();
        if (parent != null) all.addAll(Collections.list(parent.getResources(name)));
        return Collections.enumeration(all);
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        List<URL> found = new ArrayList<>();
        for (Path root : roots) {
            Path p = resolve(root, name);
            if (p != null && Files.exists(p)) found.add(url(p));
        }
        return Collections.enumeration(found);
    }

    private static Path find(List<Path> roots, String name) {
        for (Path root : roots) {
            Path p = resolve(root, name);
            if (p != null && Files.exists(p)) return p;
        }
        return null;
    }

    /** {@code name} below {@code root}, or null if it would lead outside it. */
    private static Path resolve(Path root, String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (n.endsWith("/")) n = n.substring(0, n.length() - 1);
        Path p = n.isEmpty() ? root : root.resolve(n).normalize();
        return p.startsWith(root) ? p : null;
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
