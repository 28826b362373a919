package dev.duet.cli.internal.dev;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code duet run}: compiles the project in process, runs it behind a {@link Front} that keeps
 * the port open, and on each save recompiles what changed and swaps in a new generation of the
 * app (Java), or just tells the open pages to reload (templates, static files, which every
 * generation reads from the project's folder). A compile error is printed and shown on the
 * pages, and the last generation that compiled keeps serving.
 *
 * <pre>{@code
 * try (DevRunner runner = DevRunner.start(options)) {
 *     runner.awaitClose();
 * }
 * }</pre>
 */
public final class DevRunner implements AutoCloseable {
    /** How long a swapped-out generation goes on answering (with redirects) before it stops. */
    static final Duration RETIRED_LINGER = Duration.ofSeconds(1);

    private final DevOptions options;
    private final Front front;
    private final DevCompiler compiler;
    private final Builds builds;
    private final Path work;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final AtomicInteger generations = new AtomicInteger();
    private final Set<Generation> stopping = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Generation current;
    private volatile String error;
    private SourceWatcher watcher;

    private DevRunner(DevOptions options) throws IOException {
        this.options = options;
        if (!Files.isDirectory(options.sources())) {
            throw new IllegalArgumentException("duet run: no Java sources at " + options.sources()
                    + " (run it in the project's directory, or give --project or --src)");
        }
        this.work = options.project().resolve("target/duet-dev");
        Builds.deleteTree(work); // what an earlier run left: its directories are not this run's
        Files.createDirectories(work);
        this.front = new Front(options.host(), options.port());
        this.compiler = new DevCompiler(dependencies());
        this.builds = new Builds(compiler, options.sources(), work);
    }

    /** Binds the port, compiles everything, starts the first generation and watches for changes. */
    public static DevRunner start(DevOptions options) throws IOException {
        DevRunner runner = new DevRunner(options);
        try {
            runner.first();
            return runner;
        } catch (RuntimeException | IOException e) {
            runner.close();
            throw e;
        }
    }

    private void first() throws IOException {
        startRecorderHere();
        Builds.Outcome o = builds.full();
        if (o.ok()) {
            report("compiled %d files in %d ms", o.files(), o.millis());
            try {
                current = startGeneration(o);
            } catch (RuntimeException | LinkageError e) {
                // As after a later save: the error is shown on every page until a save fixes it.
                error = "the app did not start: " + causes(e);
                report("%s", error);
            }
        } else {
            compileFailed(o);
        }
        if (current == null) current = Generation.broken(nextId(), options.generationConfig(), () -> error);
        front.target(current.port());
        report("serving on http://%s:%d (dev mode; edits reload the page)", options.host(), front.port());
        // The resources folder too if it is not there yet: a template saved into it later is a change like any other.
        watcher = new SourceWatcher(List.of(options.sources(), options.resources()), options.debounce(), this::changed);
    }

    /**
     * Starts the JDK's flight recorder, which each generation's dev-mode watchdog uses, from the
     * runner. It is one for the JVM, and the shutdown hook it makes when it starts keeps the context
     * class loader of the thread that started it: were that the first generation's, the first
     * generation's classes could never be collected.
     */
    private static void startRecorderHere() {
        try {
            jdk.jfr.FlightRecorder.getFlightRecorder();
        } catch (RuntimeException | LinkageError e) {
            // No JFR in this runtime: then the watchdog cannot start it either.
        }
    }

    /** The port browsers use: the front's, which stays the same across reloads. */
    public int port() {
        return front.port();
    }

    /** The id of the generation serving now. */
    public String generation() {
        return current.id;
    }

    /** The class loader of the generation serving now (null before the first compiles): for the tests that it goes away. */
    ClassLoader loader() {
        return current.loader();
    }

    /** How many pages listen to the serving generation's live-reload stream. */
    int listeners() {
        return current.live.listeners();
    }

    /** How many swapped-out generations have not stopped yet. */
    int stopping() {
        return stopping.size();
    }

    /** The compile error standing now (javac's messages), or null if the code compiles. */
    public String error() {
        return error;
    }

    /** Blocks until {@link #close()} (Ctrl-C ends the JVM, which is how a developer stops it). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    private void changed(SourceWatcher.Changes changes) {
        List<Path> java = new ArrayList<>();
        boolean resources = changes.lost();
        for (Path p : changes.paths()) {
            if (p.startsWith(options.sources())) java.add(p);
            else if (p.startsWith(options.resources())) resources = true;
        }
        // Events were lost (the kernel's queue overflowed): any source may have changed, so compile them all.
        // Paths that are not .java files (an editor's temporary files, new directories) change nothing themselves.
        boolean lost = changes.lost();
        if (!java.isEmpty() || lost) {
            Builds.Outcome o = lost ? builds.full() : builds.changed(java);
            if (!o.ok()) {
                compileFailed(o);
                return;
            }
            if (o.files() > 0) {
                report("compiled %d %s in %d ms%s", o.files(), o.files() == 1 ? "file" : "files", o.millis(),
                        o.full() ? " (all: a class changed its shape, a file went away or events were lost)" : "");
                swap(o);
                return;
            }
        }
        if (resources) current.live.reload(); // templates and static files are read from the folder: nothing to restart
    }

    private void compileFailed(Builds.Outcome o) {
        error = o.errors();
        report("the code does not compile; the last version that did keeps serving:%n%s", o.errors());
        showError();
    }

    private void showError() {
        Generation g = current;
        if (g != null) g.live.compileError(error);
    }

    private void swap(Builds.Outcome o) {
        long t0 = System.nanoTime();
        Generation next;
        String before = error;
        error = null;
        try {
            next = startGeneration(o);
        } catch (RuntimeException | LinkageError e) {
            error = "the app did not start: " + causes(e);
            report("%s", error);
            showError();
            return;
        }
        Generation old = current;
        current = next;
        front.target(next.port());
        report("generation %s serving (started in %d ms)%s", next.id, (System.nanoTime() - t0) / 1_000_000,
                before != null ? "; the compile error is fixed" : "");
        stopping.add(old);
        old.live.retire(); // keep-alive connections still lead to it: it sends their next requests on
        old.live.reload(); // pages open on the old generation come back, to the new one
        Thread.ofVirtual().name("duet-run-stop-" + old.id).start(() -> {
            try {
                // A connection the front handed to the old generation just before the swap may not
                // have sent its request yet: a stop now would close it unanswered. Retired, the old
                // generation answers such requests with a redirect to the new one meanwhile.
                Thread.sleep(RETIRED_LINGER.toMillis());
                old.stop();
            } catch (InterruptedException e) {
                old.stop();
            } finally {
                stopping.remove(old);
                List<List<Path>> inUse = new ArrayList<>();
                stopping.forEach(g -> inUse.add(g.classDirs));
                inUse.add(current.classDirs);
                builds.forget(old.classDirs, inUse);
            }
        });
    }

    /** {@code e} and what caused it, one a line: an app's own exception is often a cause (of an ExceptionInInitializerError, say). */
    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) b.append("\n  caused by ").append(c);
        return b.toString();
    }

    private Generation startGeneration(Builds.Outcome o) {
        return Generation.start(nextId(), options.appClass(), o.classDirs(), options.resources(), options.generationConfig(),
                options.settingsFor(), () -> error);
    }

    private String nextId() {
        return runId + "-" + generations.incrementAndGet();
    }

    private void report(String format, Object... args) {
        options.terminal().println("duet run: " + String.format(format, args));
    }

    /**
     * What the app's sources compile against: the JVM's class path and module path, which hold
     * Duet and the app's dependencies (and the app's own build output, which the dev classes
     * come before).
     */
    private static List<Path> dependencies() {
        List<Path> deps = new ArrayList<>();
        for (String property : List.of("java.class.path", "jdk.module.path")) {
            String value = System.getProperty(property);
            if (value == null || value.isBlank()) continue;
            for (String entry : value.split(File.pathSeparator)) {
                if (!entry.isBlank()) deps.add(Path.of(entry));
            }
        }
        return deps;
    }

    /** Stops watching, stops every generation and closes the port. Idempotent. */
    @Override
    public void close() {
        if (watcher != null) watcher.close();
        front.close();
        Generation g = current;
        if (g != null) g.stop();
        stopping.forEach(Generation::stop);
        compiler.close();
        try {
            Builds.deleteTree(work);
        } catch (UncheckedIOException e) {
            options.terminal().println("duet run: could not clean up " + work + ": " + e.getMessage());
        }
        closed.countDown();
    }
}
