package dev.duet.cli.internal.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The compiled state of the project's sources: a stack of class directories, newest first (a
 * full compile at the bottom, then one directory per partial compile since), and the sources
 * changed but not yet compiled successfully. Its methods are synchronized: the watch thread compiles, a generation that has stopped forgets.
 *
 * <p>A change compiles only the changed files, against the classes compiled before. It falls
 * back to compiling everything when that would not be safe: a file was deleted, or a rewritten
 * class changed its {@linkplain ClassShapes shape} (or lost a nested class) so that a class
 * compiled earlier against it might no longer link.
 */
final class Builds {
    /** What a compile did: the class directories to load from now, or the errors; and how. */
    record Outcome(List<Path> classDirs, String errors, boolean full, int files, long millis) {
        boolean ok() {
            return errors == null;
        }
    }

    private final DevCompiler compiler;
    private final Path sources;
    private final Path work;
    private final Set<Path> pending = new LinkedHashSet<>();
    private List<Path> classDirs = List.of();
    private int next;

    Builds(DevCompiler compiler, Path sources, Path work) {
        this.compiler = compiler;
        this.sources = sources;
        this.work = work;
    }

    /** The class directories of the last successful compile, newest first. */
    synchronized List<Path> classDirs() {
        return classDirs;
    }

    /** Compiles every source. */
    synchronized Outcome full() {
        long t0 = System.nanoTime();
        List<Path> all = DevCompiler.sourcesUnder(sources);
        DevCompiler.Result r = compiler.compile(all, newDir("full"), List.of());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (!r.ok()) {
            deleteTree(r.output());
            return new Outcome(classDirs, r.errorText(), true, all.size(), ms);
        }
        pending.clear();
        classDirs = List.of(r.output());
        return new Outcome(classDirs, null, true, all.size(), ms);
    }

    /** Compiles what {@code changed} (paths under the sources; deleted ones included) requires. */
    synchronized Outcome changed(Collection<Path> changed) {
        boolean deleted = false;
        for (Path p : changed) {
            if (!p.toString().endsWith(".java")) continue;
            if (Files.isRegularFile(p)) pending.add(p);
            else deleted = true;
        }
        pending.removeIf(p -> !Files.isRegularFile(p));
        if (deleted || classDirs.isEmpty()) return full();
        if (pending.isEmpty()) return new Outcome(classDirs, null, false, 0, 0);
        long t0 = System.nanoTime();
        List<Path> files = List.copyOf(pending);
        DevCompiler.Result r = compiler.compile(files, newDir("part"), classDirs);
        if (!r.ok()) {
            deleteTree(r.output());
            return new Outcome(classDirs, r.errorText(), false, files.size(), (System.nanoTime() - t0) / 1_000_000);
        }
        if (!sameShapes(files, r.output())) {
            deleteTree(r.output());
            return full();
        }
        pending.clear();
        List<Path> dirs = new ArrayList<>(classDirs.size() + 1);
        dirs.add(r.output());
        dirs.addAll(classDirs);
        classDirs = List.copyOf(dirs);
        return new Outcome(classDirs, null, false, files.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** True if each class the partial compile rewrote looks the same from outside as before, and none went missing. */
    private boolean sameShapes(List<Path> files, Path output) {
        for (Path source : files) {
            String rel = sources.relativize(source).toString().replace('\\', '/');
            Set<String> before = new TreeSet<>();
            for (Path dir : classDirs) before.addAll(ClassShapes.classFilesOf(dir, rel));
            Set<String> now = ClassShapes.classFilesOf(output, rel);
            if (!now.containsAll(before)) return false;
            for (String classFile : before) {
                Path old = find(classFile);
                if (old != null && !ClassShapes.of(old).equals(ClassShapes.of(output.resolve(classFile)))) return false;
            }
        }
        return true;
    }

    private Path find(String classFile) {
        for (Path dir : classDirs) {
            Path p = dir.resolve(classFile);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private Path newDir(String kind) {
        return work.resolve(kind + "-" + (++next));
    }

    /** Deletes those of {@code dirs} that neither the last compile nor any of {@code inUse} reads. */
    synchronized void forget(Collection<Path> dirs, Collection<List<Path>> inUse) {
        for (Path d : dirs) {
            if (inUse.stream().noneMatch(l -> l.contains(d)) && !classDirs.contains(d)) deleteTree(d);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root + ": " + e.getMessage(), e);
        }
    }
}
