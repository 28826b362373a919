package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.duet.cli.internal.dev.DevRunnerTest.GREETING;
import static dev.duet.cli.internal.dev.DevRunnerTest.PAGE;
import static dev.duet.cli.internal.dev.DevRunnerTest.RELOAD;
import static dev.duet.cli.internal.dev.DevRunnerTest.SITE;
import static dev.duet.cli.internal.dev.DevRunnerTest.TEMPLATE;
import static dev.duet.cli.internal.dev.DevRunnerTest.VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generation that has stopped leaves nothing behind that holds its class loader (and so every
 * class and static of the old code): after several reloads, each of which served a page through
 * the template engine, a session and JSON, and left a thread running, the old loaders are
 * collected. Should one stay, the heap is dumped under target/ for bench/reload/HeapRoots.java,
 * which prints what holds it.
 */
class DevLeakTest {
    static final int RELOADS = 5;

    @TempDir
    Path dir;
    DevRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void theLoadersOfStoppedGenerationsAreCollected() throws Exception {
        DevProject project = new DevProject(dir)
                // A pool's thread each generation starts and never ends, as the JDK's own JFR thread was once
                // started by the first: it runs JDK code, but took the generation's loader as its context loader.
                .write("src/main/java/site/Site.java", SITE.replace("App app = App.create(settings.config());",
                        "App app = App.create(settings.config());\n        java.util.concurrent.Executors.newFixedThreadPool(1, Thread.ofPlatform().daemon().factory()).execute(() -> { });"))
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE)
                .write("src/main/resources/site/pages/page.html", TEMPLATE)
                .write("src/main/resources/static/app.css", "body { color: red }");
        runner = DevRunner.start(project.options("site.Site"));
        int port = runner.port();
        List<WeakReference<ClassLoader>> old = new ArrayList<>();
        for (int i = 1; i <= RELOADS; i++) {
            // What an app does on each generation: a page from a template, a static file, a session, JSON.
            assertThat(project.get(port, "/").body()).contains("in template one");
            assertThat(project.get(port, "/static/app.css").statusCode()).isEqualTo(200);
            String cookie = project.get(port, "/visit/put").headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            assertThat(project.get(port, "/visit/get", "Cookie", cookie).body()).contains("home");
            assertThat(project.get(port, "/visit/json").body()).contains("json");
            ClassLoader loader = runner.loader();
            assertThat(loader).isInstanceOf(GenerationLoader.class);
            old.add(new WeakReference<>(loader));
            loader = null;
            String word = "reload " + i;
            project.write("src/main/java/site/Greeting.java", GREETING.replace("hello one", word));
            project.await(port, "/hello", b -> b.equals(word), RELOAD);
        }
        assertThat(project.get(port, "/").body()).contains("in template one");
        long deadline = System.nanoTime() + RELOAD.toNanos();
        while (runner.stopping() > 0) {
            assertThat(System.nanoTime()).as("the old generations never stopped").isLessThan(deadline);
            Thread.sleep(20);
        }
        // Not a timing: the loaders go after some rounds of collection (a stopped app's last threads
        // may take a moment to end), or never; the bound only ends the wait for "never".
        int alive = RELOADS;
        deadline = System.nanoTime() + RELOAD.toNanos();
        while (alive > 0 && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
            alive = (int) old.stream().filter(r -> r.get() != null).count();
        }
        if (alive > 0) {
            Path dump = Path.of("target", "dev-leak-" + ProcessHandle.current().pid() + ".hprof").toAbsolutePath();
            Files.deleteIfExists(dump);
            // jcmd rather than the diagnostic MXBean: the tests run in the module, which does not read jdk.management.
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(ProcessHandle.current().pid()), "GC.heap_dump", dump.toString()).inheritIO().start().waitFor();
            System.err.println("DevLeakTest: heap dumped to " + dump + "; java -Xmx2g bench/reload/HeapRoots.java " + dump
                    + " " + GenerationLoader.class.getName() + " prints what holds each loader");
        }
        assertThat(alive).as("old generations' class loaders still reachable after %d reloads (a heap dump is in target/)",
                RELOADS).isZero();
    }
}
