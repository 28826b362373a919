package dev.duet.cli.internal.dev;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Compiles the project's sources in this process with {@code javax.tools}. The compiler and its
 * file manager stay warm between compilations: the second compile of one file costs tens of
 * milliseconds where a fresh {@code javac} process costs a second or more.
 *
 * <p>Each compilation writes into a new, empty directory, never over one a running generation
 * reads classes from: a generation loads its classes lazily, and must not pick up half of the
 * next edit.
 */
final class DevCompiler implements AutoCloseable {
    /** What a compilation produced: its output directory, or the errors that kept it from producing one. */
    record Result(Path output, List<String> errors) {
        boolean ok() {
            return errors.isEmpty();
        }

        /** The errors as javac prints them, one after the other. */
        String errorText() {
            return String.join("\n", errors);
        }
    }

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;
    private final List<Path> dependencies;
    private final List<String> options;

    /** @param dependencies what the sources compile against (the JVM's class path and module path) */
    DevCompiler(List<Path> dependencies) {
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("duet run compiles in process and needs a JDK, not a JRE: this JVM ("
                    + System.getProperty("java.home") + ") has no Java compiler (module java.compiler / jdk.compiler)");
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        this.dependencies = List.copyOf(dependencies);
        // No --release: the classes run in this very JVM, and reading the JDK's API from ct.sym for
        // each compile cost 60-90 ms more per one-file compile (bench/reload).
        // -parameters: Duet reads handler parameter names, as a Maven build of the app would keep them.
        // -implicit:none: only the named sources are compiled, whatever else javac looks at.
        this.options = List.of("-parameters", "-implicit:none", "-g", "-proc:none", "-Xlint:none");
    }

    /**
     * Compiles {@code sources} into {@code output}, against {@code earlier} (directories of classes
     * compiled before, newest first, for a partial compile) and the dependencies.
     */
    Result compile(Collection<Path> sources, Path output, List<Path> earlier) {
        try {
            Files.createDirectories(output);
            List<Path> classPath = new ArrayList<>(earlier);
            classPath.addAll(dependencies);
            synchronized (this) {
                files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
                files.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
                // No source path: a partial compile must take the other classes as compiled, not recompile them.
                files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
                Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                StringWriter out = new StringWriter();
                boolean ok = javac.getTask(out, files, diagnostics, options, null, units).call();
                List<String> errors = new ArrayList<>();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) errors.add(describe(d));
                }
                if (!ok && errors.isEmpty()) errors.add("the compiler failed without saying why: " + out.toString().strip());
                return new Result(output, List.copyOf(errors));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not compile into " + output + ": " + e.getMessage(), e);
        }
    }

    private static String describe(Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ";
        return where + "error: " + d.getMessage(Locale.ROOT);
    }

    /** The {@code .java} files under {@code root}, sorted, so that compilations are reproducible. */
    static List<Path> sourcesUnder(Path root) {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the sources under " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
