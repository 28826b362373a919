import dev.duet.App;
import dev.duet.Config;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * How long {@code app.pages(...)} and {@code app.freeze()} take for 1 000 page classes, from a
 * directory and from a jar. Two steps, run by bench/pages/run:
 *
 * <ul>
 * <li>{@code prepare WORK}: writes 1 000 page classes (package {@code bench.pages}) and 20 more
 *     for warming up (package {@code warm}), compiles them with javax.tools into WORK/classes and
 *     packs the same into WORK/pages.jar.
 * <li>{@code measure dir|jar}, in a fresh JVM whose class path holds WORK/classes or
 *     WORK/pages.jar: registers the 20 warm-up pages once (so that Duet's own classes, the scanner
 *     and the JDK's method-handle machinery are loaded: what any app pays for its first route),
 *     then times the 1 000 pages on a new app: discovery, loading and checking each class,
 *     registering its routes, and freezing the app. That is what an app pays at start for its
 *     pages; a class is loaded once per JVM, so each JVM measures once.
 * </ul>
 */
public class PagesBench {
    static final int PAGES = 1_000;
    static final int WARM_PAGES = 20;

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "prepare" -> prepare(Path.of(args[1]));
            case "measure" -> measure(args[1]);
            default -> {
                System.err.println("usage: PagesBench prepare WORK | PagesBench measure dir|jar");
                System.exit(2);
            }
        }
    }

    // ---- prepare ----

    static void prepare(Path work) throws IOException {
        Path src = work.resolve("src");
        Path classes = work.resolve("classes");
        List<String> files = new ArrayList<>();
        for (int i = 0; i < PAGES; i++) files.add(page(src, "bench.pages", i).toString());
        for (int i = 0; i < WARM_PAGES; i++) files.add(page(src, "warm", i).toString());
        Files.createDirectories(classes);
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                "-proc:none", "-nowarn"));
        args.addAll(files);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        long t0 = System.nanoTime();
        int status = javac.run(null, null, null, args.toArray(String[]::new));
        if (status != 0) throw new IllegalStateException("javac failed: " + status);
        System.out.printf("compiled %d page classes in %d ms%n", files.size(), (System.nanoTime() - t0) / 1_000_000);
        jar(classes, work.resolve("pages.jar"));
    }

    /**
     * Page {@code i} of {@code root}: 20 sections of 50 pages; every fourth page sits under a typed
     * parameter ({@code _id_long}); every page has a blocking get, every third an async post, every
     * fifth two actions, so that routing, kinds and actions are all exercised.
     */
    static Path page(Path src, String root, int i) throws IOException {
        String pkg = root + ".s" + (i % 20) + ".p" + i + (i % 4 == 3 ? "._id_long" : "");
        StringBuilder body = new StringBuilder();
        body.append("package ").append(pkg).append(";\n\n")
                .append("import dev.duet.Request;\n")
                .append("import java.util.concurrent.CompletableFuture;\n")
                .append("import java.util.concurrent.CompletionStage;\n\n")
                .append("public class Page {\n")
                .append("    public String get(Request req) { return \"page ").append(i).append("\"; }\n");
        if (i % 3 == 0) {
            body.append("    public CompletionStage<String> post(Request req) { return CompletableFuture.completedFuture(\"posted\"); }\n");
        }
        if (i % 5 == 0) {
            body.append("    public String actionDelete(Request req) { return \"deleted\"; }\n")
                    .append("    public String actionRename(Request req) { return \"renamed\"; }\n");
        }
        body.append("}\n");
        Path file = src.resolve(pkg.replace('.', '/')).resolve("Page.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, body);
        return file;
    }

    static void jar(Path classes, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.sorted().toList()) {
                String entry = classes.relativize(p).toString().replace(File.separatorChar, '/');
                if (entry.isEmpty()) continue;
                zip.putNextEntry(new JarEntry(Files.isDirectory(p) ? entry + "/" : entry));
                if (!Files.isDirectory(p)) zip.write(Files.readAllBytes(p));
            }
        }
    }

    // ---- measure ----

    /**
     * Times the pages on this JVM's class path ({@code dir} or {@code jar} only labels the line:
     * the run script puts WORK/classes or WORK/pages.jar on the class path), as an app launched
     * with {@code java -cp} or {@code java -jar} finds them: through the application class loader.
     */
    static void measure(String from) {
        Timing warm = time("warm");                 // Duet's classes, the scanner and method handles
        Timing cold = time("bench.pages");
        System.out.printf("%s: %d pages (%d routes) in %.1f ms (pages %.1f + freeze %.1f); CPU: %.1f ms on the calling"
                        + " thread, %.0f ms for the process (JIT and GC included); warm-up: %d routes in %.1f ms%n",
                from, PAGES, cold.routes(), cold.wallMs(), cold.pagesMs(), cold.freezeMs(), cold.cpuMs(), cold.processCpuMs(),
                warm.routes(), warm.wallMs());
        System.out.printf("RESULT %s %.3f %.3f%n", from, cold.wallMs(), cold.processCpuMs());
    }

    /** One measurement: wall time of pages() and of freeze(), and CPU time (the calling thread's, the process's). */
    record Timing(int routes, double pagesMs, double freezeMs, double cpuMs, double processCpuMs) {
        double wallMs() {
            return pagesMs + freezeMs;
        }
    }

    /** Registers the pages under {@code root} on a new app and freezes it. */
    static Timing time(String root) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        App app = App.create(Config.builder().build());
        long p0 = process.getProcessCpuTime();
        long c0 = cpu.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        app.pages(root);
        long t1 = System.nanoTime();
        app.freeze();
        long t2 = System.nanoTime();
        long c1 = cpu.getCurrentThreadCpuTime();
        long p1 = process.getProcessCpuTime();
        return new Timing(app.routes().size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (c1 - c0) / 1e6, (p1 - p0) / 1e6);
    }
}
