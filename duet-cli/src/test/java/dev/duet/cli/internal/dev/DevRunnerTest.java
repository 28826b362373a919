package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * duet run on a real project written to a temporary directory: a page class, its template, a
 * static file and an app class, each edited while it runs, served through the front by Netty.
 */
class DevRunnerTest {
    static final Duration RELOAD = Duration.ofSeconds(20); // generous: two shared CPUs, javac warming up

    static final String SITE = """
            package site;

            import dev.duet.App;
            import dev.duet.Response;
            import dev.duet.StaticFiles;
            import dev.duet.cli.Application;
            import dev.duet.cli.Settings;

            public final class Site implements Application {
                public App create(Settings settings) {
                    App app = App.create(settings.config());
                    app.pages("site.pages");
                    app.get("/static/{file:*}", StaticFiles.classpath("static"));
                    app.get("/hello", req -> Greeting.text());
                    app.get("/big", req -> "<!doctype html><html><body>" + "<p>big</p>".repeat(1000) + "</body></html>");
                    app.get("/visit/put", req -> { req.session().put("visit", new Visit("home", 1)); return "stored"; });
                    app.get("/visit/get", req -> String.valueOf(req.session().get("visit", Visit.class)));
                    app.get("/visit/json", req -> Response.json(new Visit("json", 2)));
                    return app;
                }
            }
            """;
    static final String GREETING = """
            package site;

            public final class Greeting {
                public static String text() {
                    return "hello one";
                }
            }
            """;
    static final String VISIT = """
            package site;

            public record Visit(String page, int count) {
            }
            """;
    static final String PAGE = """
            package site.pages;

            import dev.duet.Request;
            import dev.duet.View;

            public class Page {
                public View get(Request req) {
                    return View.of("page.html").with("word", "alpha");
                }
            }
            """;
    static final String TEMPLATE = "<!doctype html><html><head><title>t</title></head><body><p>{{ word }} in template one</p></body></html>";

    @TempDir
    Path dir;
    DevProject project;
    DevRunner runner;

    @BeforeEach
    void writeProject() {
        project = new DevProject(dir)
                .write("src/main/java/site/Site.java", SITE)
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE)
                .write("src/main/resources/site/pages/page.html", TEMPLATE)
                .write("src/main/resources/static/app.css", "body { color: red }");
    }

    @AfterEach
    void stop() {
        if (runner != null) runner.close();
    }

    private int start() throws Exception {
        runner = DevRunner.start(project.options("site.Site"));
        return runner.port();
    }

    @Test
    void editsOfThePageClassTheTemplateAndAStaticFileAreEachServed() throws Exception {
        int port = start();
        HttpResponse<String> page = project.get(port, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("alpha in template one");
        String first = runner.generation();

        project.write("src/main/java/site/pages/Page.java", PAGE.replace("alpha", "beta"));
        project.await(port, "/", b -> b.contains("beta in template one"), RELOAD);
        assertThat(runner.generation()).as("a Java change starts a new generation").isNotEqualTo(first);

        String second = runner.generation();
        project.write("src/main/resources/site/pages/page.html", TEMPLATE.replace("template one", "template two"));
        project.await(port, "/", b -> b.contains("beta in template two"), RELOAD);

        assertThat(project.get(port, "/static/app.css").body()).isEqualTo("body { color: red }");
        project.write("src/main/resources/static/app.css", "body { color: blue }");
        project.await(port, "/static/app.css", b -> b.equals("body { color: blue }"), RELOAD);
        assertThat(runner.generation()).as("templates and static files need no restart").isEqualTo(second);
    }

    @Test
    void pagesGetTheLiveReloadScriptWhichTheDefaultContentSecurityPolicyAllows() throws Exception {
        int port = start();
        HttpResponse<String> page = project.get(port, "/", "Accept-Encoding", "gzip");
        assertThat(page.body()).contains("<script src=\"/__duet/live.js\" data-generation=\"" + runner.generation() + "\"></script></body>");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        HttpResponse<String> script = project.get(port, "/__duet/live.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        assertThat(script.body()).contains("new EventSource(\"/__duet/live\")");
        assertThat(project.get(port, "/hello").body()).as("not HTML: left alone").isEqualTo("hello one");
    }

    @Test
    void aPageLargeEnoughToBeCompressedGetsTheScriptBeforeCompression() throws Exception {
        int port = start();
        HttpResponse<byte[]> big = project.http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/big")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String html;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(big.body()))) {
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(html).endsWith("<p>big</p>" + LiveReload.tag(runner.generation()) + "</body></html>");
    }

    @Test
    void noConnectionIsRefusedWhileClientsKeepRequestingDuringJavaReloads() throws Exception {
        int port = start();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread client = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                // A new connection each time: each one is accepted by the front whichever generation serves.
                try {
                    String status = rawGet(port);
                    // A connection the front gave the old generation just before the swap is sent on, as a browser goes.
                    if (status.startsWith("HTTP/1.1 307")) status = rawGet(port);
                    if (status.startsWith("HTTP/1.1 200")) answered.incrementAndGet();
                    else failures.add(status);
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        try {
            for (String word : List.of("two", "three")) {
                project.write("src/main/java/site/Greeting.java", GREETING.replace("one", word));
                project.await(port, "/hello", b -> b.equals("hello " + word), RELOAD);
            }
        } finally {
            running.set(false);
            client.join();
        }
        assertThat(failures).as("requests that failed during the reloads").isEmpty();
        assertThat(answered.get()).isGreaterThan(10);
    }

    private static String rawGet(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return String.valueOf(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine());
        }
    }

    @Test
    void aKeepAliveConnectionToTheOldGenerationNeverShowsTheOldCodeAfterTheSwap() throws Exception {
        int port = start();
        HttpClient noRedirects = HttpClient.newHttpClient(); // keeps its connection open, as a browser does
        HttpResponse<String> before = noRedirects.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(before.body()).isEqualTo("hello one");
        String first = runner.generation();
        project.write("src/main/java/site/Greeting.java", GREETING.replace("one", "two"));
        long deadline = System.nanoTime() + RELOAD.toNanos();
        while (runner.generation().equals(first)) {
            assertThat(System.nanoTime()).as("no new generation:\n" + project.terminal()).isLessThan(deadline);
            Thread.sleep(5);
        }
        HttpResponse<String> after = noRedirects.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (after.statusCode() == 307) {
            // The old generation, reached on the kept connection, sends the request on and closes it.
            assertThat(after.headers().firstValue("Location")).hasValue("/hello?x=1");
            assertThat(after.headers().firstValue("Connection")).hasValue("close");
            after = noRedirects.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(after.body()).isEqualTo("hello two");
    }

    @Test
    void aCompileErrorKeepsTheOldAppServingAndIsReportedOnTheTerminalAndTheLiveStream() throws Exception {
        int port = start();
        try (LiveStream live = LiveStream.open(port)) {
            assertThat(live.next()).isEqualTo("generation " + runner.generation());
            project.write("src/main/java/site/Greeting.java", GREETING.replace("\"hello one\";", "\"hello one\""));
            project.awaitTerminal("does not compile", RELOAD);
            assertThat(project.terminal()).contains("Greeting.java:5: error: ';' expected");
            String event = live.next();
            assertThat(event).startsWith("compile-error ").contains("Greeting.java:5: error: ';' expected");
            assertThat(runner.error()).contains("';' expected");
        }
        assertThat(project.get(port, "/hello").body()).as("the old generation still serves").isEqualTo("hello one");
        try (LiveStream late = LiveStream.open(port)) {
            late.next();
            assertThat(late.next()).as("a page opened after the failure learns of it on connect").startsWith("compile-error ");
        }

        project.write("src/main/java/site/Greeting.java", GREETING.replace("one", "fixed"));
        project.await(port, "/hello", b -> b.equals("hello fixed"), RELOAD);
        assertThat(runner.error()).isNull();
    }

    @Test
    void theOpenPagesAreToldToReloadWhenATemplateChanges() throws Exception {
        int port = start();
        try (LiveStream live = LiveStream.open(port)) {
            live.next();
            project.write("src/main/resources/site/pages/page.html", TEMPLATE.replace("one", "two"));
            assertThat(live.next()).startsWith("reload ");
        }
    }

    @Test
    void whenTheFirstCompileFailsEveryPageShowsTheErrorUntilTheCodeCompiles() throws Exception {
        project.write("src/main/java/site/Greeting.java", "package site; public final class Greeting { oops }");
        int port = start();
        HttpResponse<String> page = project.get(port, "/anything");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).contains("Greeting.java:1: error: &lt;identifier&gt; expected").contains("/__duet/live.js");

        project.write("src/main/java/site/Greeting.java", GREETING);
        project.await(port, "/hello", b -> b.equals("hello one"), RELOAD);
    }

    @Test
    void whenTheFirstAppDoesNotStartEveryPageShowsWhyUntilASaveFixesIt() throws Exception {
        project.write("src/main/java/site/Greeting.java", GREETING.replace("public static String text() {",
                "static { if (true) throw new IllegalStateException(\"no greeting today\"); }\n    public static String text() {"));
        project.write("src/main/java/site/Site.java", SITE.replace("App app = App.create(settings.config());",
                "App app = App.create(settings.config());\n        Greeting.text();"));
        int port = start();
        HttpResponse<String> page = project.get(port, "/hello");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).contains("the app did not start").contains("no greeting today");
        assertThat(project.terminal()).contains("the app did not start");

        project.write("src/main/java/site/Greeting.java", GREETING);
        project.await(port, "/hello", b -> b.equals("hello one"), RELOAD);
    }

    @Test
    void anAppClassThatIsNotAmongTheSourcesIsNamed() throws Exception {
        runner = DevRunner.start(project.options("site.Elsewhere"));
        HttpResponse<String> page = project.get(runner.port(), "/");
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body()).contains("site.Elsewhere is not among the compiled sources");
    }

    @Test
    void aChangedSignatureCompilesEveryClassSoThatCallersLinkToTheNewOne() throws Exception {
        int port = start();
        // Greeting.text() becomes text(String): Site, unchanged, must be compiled again with it, and fails to.
        project.write("src/main/java/site/Greeting.java", GREETING.replace("text()", "text(String who)"));
        project.awaitTerminal("does not compile", RELOAD);
        assertThat(runner.error()).contains("Site.java");
        project.write("src/main/java/site/Site.java", SITE.replace("Greeting.text()", "Greeting.text(\"x\")"));
        project.await(port, "/hello", b -> b.equals("hello one"), RELOAD);
        assertThat(project.get(port, "/hello").statusCode()).isEqualTo(200);
    }

    @Test
    void aDeletedClassIsGoneFromTheNextGeneration() throws Exception {
        project.write("src/main/java/site/pages/about/Page.java", PAGE.replace("site.pages", "site.pages.about")
                .replace("View.of(\"page.html\").with(\"word\", \"alpha\")", "View.of(\"/site/pages/page.html\").with(\"word\", \"about\")"));
        int port = start();
        assertThat(project.get(port, "/about").body()).contains("about in template one");
        project.delete("src/main/java/site/pages/about/Page.java");
        long deadline = System.nanoTime() + RELOAD.toNanos();
        while (project.get(port, "/about").statusCode() != 404) {
            assertThat(System.nanoTime()).as("/about still served:\n" + project.terminal()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** The events of {@code /__duet/live}, read off a raw connection: "name data" each. */
    static final class LiveStream implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        private LiveStream(Socket socket) throws Exception {
            this.socket = socket;
            socket.setSoTimeout((int) RELOAD.toMillis());
            socket.getOutputStream().write("GET /__duet/live HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        static LiveStream open(int port) throws Exception {
            return new LiveStream(new Socket("127.0.0.1", port));
        }

        /** The next event, as "name data" (data lines joined by newlines); chunk sizes and comments skipped. */
        String next() throws Exception {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event: ")) name = line.substring(7);
                else if (line.startsWith("data: ")) data.append(data.isEmpty() ? "" : "\n").append(line.substring(6));
                else if (line.isEmpty() && name != null) return name + " " + data;
            }
            throw new AssertionError("the stream ended");
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }
}
