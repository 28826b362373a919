import dev.duet.Config;
import dev.duet.cli.internal.FixedSettings;
import dev.duet.cli.internal.dev.DevOptions;
import dev.duet.cli.internal.dev.DevRunner;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Save-to-served time of {@code duet run}: writes a 200-class app (157 service classes calling
 * one another, 40 page classes with templates, the app, a record, the class that is edited),
 * starts the dev runner on it, then edits one class N times and one template N times. Each time
 * is from the write to the first response that shows the change (polled every 2 ms, on fresh
 * requests through the runner's front). Run by bench/reload/run.
 */
public class ReloadBench {
    static final int SERVICES = 157;
    static final int PAGES = 40;

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int warm = Integer.parseInt(args[2]);
        int classes = writeProject(work);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(said, true, StandardCharsets.UTF_8);
        DevOptions options = new DevOptions("site.Site", work, Path.of("src/main/java"), Path.of("src/main/resources"),
                "127.0.0.1", 0, Duration.ofMillis(30), Config.defaults(), c -> new FixedSettings(c, "dev", Map.of()), terminal);
        long t0 = System.nanoTime();
        memory("before");
        try (DevRunner runner = DevRunner.start(options)) {
            System.out.printf("app of %d classes: first compile and start %d ms%n", classes, (System.nanoTime() - t0) / 1_000_000);
            // Keep-alive and redirects followed, as a browser: a retired generation answers 307 on a closed connection.
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
            int port = runner.port();
            Path edited = work.resolve("src/main/java/site/Edited.java");
            Path template = work.resolve("src/main/resources/site/pages/p000/page.html");
            double[] java = measure(http, port, "/edit", n, warm, i -> Files.writeString(edited, edited(i)), i -> "edit " + i);
            report("java edit (one class, body only)", java, warm);
            breakdown(said.toString(StandardCharsets.UTF_8), warm);
            double[] tpl = measure(http, port, "/p000", n, warm, i -> Files.writeString(template, template(0, "t" + i)),
                    i -> "page 0 t" + i);
            report("template edit", tpl, warm);
            double[] shape = measure(http, port, "/edit", Math.max(3, n / 4), 0,
                    i -> Files.writeString(edited, edited(1000 + i).replace("public static String text()",
                            "public static int extra" + i + "() { return " + i + "; }\n    public static String text()")),
                    i -> "edit " + (1000 + i));
            report("java edit that changes a class's shape (compiles all " + classes + ")", shape, 0);
            Thread.sleep(5_000); // the last generations swapped out linger, then stop
            memory("after " + (2 * (warm + n) + shape.length) + " edits, " + (warm + n + shape.length) + " of them Java");
        }
    }

    interface Edit {
        void apply(int i) throws IOException;
    }

    interface Expect {
        String text(int i);
    }

    static double[] measure(HttpClient http, int port, String path, int n, int warm, Edit edit, Expect expect) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < warm + n; i++) {
            String want = expect.text(i);
            long t0 = System.nanoTime();
            edit.apply(i);
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.body().contains(want)) break;
                if (System.nanoTime() - t0 > 60_000_000_000L) throw new IllegalStateException("never served: " + want + "; last " + r.body());
                Thread.sleep(2);
            }
            if (i >= warm) ms[i - warm] = (System.nanoTime() - t0) / 1e6;
            Thread.sleep(300); // let the old generation stop and the JIT settle, as between two saves
        }
        return ms;
    }

    static void report(String what, double[] ms, int warm) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%s: n=%d (after %d warm-up) p50 %.0f ms, p95 %.0f ms, max %.0f ms, min %.0f ms%n", what, s.length, warm,
                pct(s, 50), pct(s, 95), s[s.length - 1], s[0]);
    }

    /** The runner's own figures for the measured Java edits: compile time and generation start time. */
    static void breakdown(String terminal, int warm) {
        List<Double> compile = new ArrayList<>();
        List<Double> start = new ArrayList<>();
        Matcher c = Pattern.compile("compiled 1 file in (\\d+) ms").matcher(terminal);
        while (c.find()) compile.add(Double.parseDouble(c.group(1)));
        Matcher g = Pattern.compile("started in (\\d+) ms").matcher(terminal);
        while (g.find()) start.add(Double.parseDouble(g.group(1)));
        double[] cs = compile.stream().skip(warm).mapToDouble(Double::doubleValue).sorted().toArray();
        double[] gs = start.stream().skip(warm).mapToDouble(Double::doubleValue).sorted().toArray();
        if (cs.length == 0 || gs.length == 0) return;
        System.out.printf("  of which: compile p50 %.0f ms, p95 %.0f ms; new generation start p50 %.0f ms, p95 %.0f ms%n",
                pct(cs, 50), pct(cs, 95), pct(gs, 50), pct(gs, 95));
    }

    /**
     * Heap after a GC and classes loaded and unloaded: whether the generations that were swapped
     * out are collected (their classes unloaded) or kept.
     */
    static void memory(String when) {
        System.gc();
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        var classes = java.lang.management.ManagementFactory.getClassLoadingMXBean();
        // Classes loaded include javac's own (thousands, loaded by the first compile), so they do not count generations.
        System.out.printf("memory %s: heap after GC %d MiB; classes loaded now %d, unloaded so far %d%n", when, heap >> 20,
                classes.getLoadedClassCount(), classes.getUnloadedClassCount());
    }

    /** Nearest-rank percentile. */
    static double pct(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static String edited(int i) {
        return "package site;\n\npublic final class Edited {\n    public static String text() {\n        return \"edit " + i
                + "\" + \" \" + site.svc.S000.value();\n    }\n}\n";
    }

    static String template(int p, String word) {
        return "<!doctype html><html><head><title>p" + p + "</title></head><body><h1>page " + p + " " + word
                + "</h1><p>{{ value }}</p></body></html>";
    }

    /** Writes the project; returns how many classes it has. */
    static int writeProject(Path work) throws IOException {
        Path src = work.resolve("src/main/java");
        Path res = work.resolve("src/main/resources");
        List<String> names = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            String name = String.format("S%03d", s);
            String next = s + 1 < SERVICES ? String.format("S%03d", s + 1) : null;
            write(src.resolve("site/svc/" + name + ".java"), """
                    package site.svc;

                    import java.util.List;

                    public final class %1$s {
                        private %1$s() {
                        }

                        public static String value() {
                            return "%1$s" + (%2$s);
                        }

                        public static List<Integer> numbers(int n) {
                            return java.util.stream.IntStream.range(0, n).map(i -> i * %3$d).boxed().toList();
                        }
                    }
                    """.formatted(name, next == null ? "\"\"" : "\"-\" + " + next + ".numbers(2).size()", s));
            names.add(name);
        }
        for (int p = 0; p < PAGES; p++) {
            String pkg = String.format("p%03d", p);
            write(src.resolve("site/pages/" + pkg + "/Page.java"), """
                    package site.pages.%1$s;

                    import dev.duet.Request;
                    import dev.duet.View;

                    public class Page {
                        public View get(Request req) {
                            return View.of("page.html").with("value", new site.Item("%1$s", site.svc.S%2$03d.value()));
                        }
                    }
                    """.formatted(pkg, p));
            write(res.resolve("site/pages/" + pkg + "/page.html"), template(p, "t"));
        }
        write(src.resolve("site/Item.java"), "package site;\n\npublic record Item(String name, String value) {\n}\n");
        write(src.resolve("site/Edited.java"), edited(-1));
        write(src.resolve("site/Site.java"), """
                package site;

                import dev.duet.App;
                import dev.duet.cli.Application;
                import dev.duet.cli.Settings;

                public final class Site implements Application {
                    public App create(Settings settings) {
                        App app = App.create(settings.config());
                        app.pages("site.pages");
                        app.get("/edit", req -> Edited.text());
                        return app;
                    }
                }
                """);
        return SERVICES + PAGES + 3;
    }

    static void write(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
