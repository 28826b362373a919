package dev.duet;

import dev.duet.conformance.ResourceTemplates;
import dev.duet.test.TestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pages found where an app really keeps them: compiled here (javax.tools) into a folder of their
 * own, then served from that folder and from jars built from it, with and without directory
 * entries, through a class loader of their own set as the thread's context class loader, as an
 * app launched from a jar or deployed in a container has them. The pages' package is on no other
 * class path, so nothing is found by accident. (The test site of {@code PagesSuite}, in this
 * module's test classes, covers a plain directory on the class path; the server cores' test runs
 * read the same site from duet-core's test jar.)
 */
class PageDiscoveryTest {
    private static final Map<String, String> SOURCES = Map.of(
            "jarsite/Page.java", """
                    package jarsite;
                    public class Page {
                        public dev.duet.View get(dev.duet.Request req) { return dev.duet.View.of("page.html").with("name", "jar"); }
                    }
                    """,
            "jarsite/shop/_sku/Page.java", """
                    package jarsite.shop._sku;
                    public class Page {
                        public String get(dev.duet.Request req) { return "sku " + req.pathParam("sku"); }
                        public java.util.concurrent.CompletionStage<String> actionBuy(dev.duet.Request req) {
                            return java.util.concurrent.CompletableFuture.completedFuture("bought " + req.pathParam("sku"));
                        }
                    }
                    """,
            "jarsite/shop/Helper.java", """
                    package jarsite.shop;
                    public class Helper {
                        public String get(dev.duet.Request req) { return "not a page"; }
                    }
                    """);

    /** A site of many pages, one of them broken. */
    private static final int MANY = 100;

    @TempDir
    static Path work;
    private static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        Path src = work.resolve("src");
        classes = work.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath(), "-proc:none"));
        Map<String, String> sources = new java.util.HashMap<>(SOURCES);
        for (String set : new String[]{"ok", "bad"}) {
            for (int i = 0; i < MANY; i++) {
                // Each constructor checks it sees the context class loader given to the thread that calls pages().
                sources.put("many/" + set + "/p" + i + "/Page.java", """
                        package many.SET.pN;
                        public class Page {
                            public Page() {
                                if (!(Thread.currentThread().getContextClassLoader() instanceof java.net.URLClassLoader)) {
                                    throw new IllegalStateException("not the caller's context class loader");
                                }
                            }
                            public String get(dev.duet.Request req) { return "page N"; }
                        }
                        """.replace("SET", set).replace("N", Integer.toString(i)));
            }
        }
        sources.put("many/bad/p42/Page.java", """
                package many.bad.p42;
                public class Page {
                    public String get(String notARequest) { return ""; }
                }
                """);
        for (var e : sources.entrySet()) {
            Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, args.toArray(String[]::new));
        assertThat(status).as("javac: %s", errors.toString(StandardCharsets.UTF_8)).isZero();
        Files.writeString(classes.resolve("jarsite/page.html"), "<h1>Hello {{name}}</h1>");
    }

    /** Where duet-core's classes are, for javac (Surefire's own class path is a manifest-only jar). */
    private static String classPath() throws Exception {
        return Path.of(App.class.getProtectionDomain().getCodeSource().getLocation().toURI()) + java.io.File.pathSeparator
                + System.getProperty("java.class.path");
    }

    private static Path jar(String name, boolean directoryEntries) throws IOException {
        Path jar = work.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
             Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.sorted().toList()) {
                String entry = classes.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                if (entry.isEmpty()) continue;
                if (Files.isDirectory(p)) {
                    if (directoryEntries) zip.putNextEntry(new JarEntry(entry + "/"));
                    continue;
                }
                zip.putNextEntry(new JarEntry(entry));
                zip.write(Files.readAllBytes(p));
            }
        }
        return jar;
    }

    /** The site served from {@code location} through a class loader of its own, set as the context class loader. */
    private static void servesTheSite(Path location, boolean packageIsAResource) throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{location.toUri().toURL()}, PageDiscoveryTest.class.getClassLoader())) {
            t.setContextClassLoader(loader);
            // Without directory entries the package is no resource: the scanner must read the jar itself.
            assertThat(loader.getResource("jarsite/shop") != null).as("the package as a resource").isEqualTo(packageIsAResource);
            App app = App.create(Config.builder().build());
            app.templates(new ResourceTemplates(loader));
            app.pages("jarsite");
            assertThat(app.routes()).extracting(r -> r.method() + " " + r.pattern())
                    .containsExactlyInAnyOrder("GET /", "GET /shop/{sku}", "POST /shop/{sku}");
            try (TestClient client = TestClient.of(app)) {
                assertThat(client.get("/").text()).isEqualTo("<h1>Hello jar</h1>");
                assertThat(client.get("/shop/a-42").text()).isEqualTo("sku a-42");
                assertThat(client.post("/shop/a-42?action=buy", "", "text/plain").text()).isEqualTo("bought a-42");
                assertThat(client.get("/shop").status()).as("Helper is no page").isEqualTo(404);
            }
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void pagesAreFoundInADirectory() throws Exception {
        servesTheSite(classes, true);
    }

    @Test
    void pagesAreFoundInAJar() throws Exception {
        servesTheSite(jar("site.jar", true), true);
    }

    @Test
    void pagesAreFoundInAJarWithoutDirectoryEntries() throws Exception {
        servesTheSite(jar("bare.jar", false), false);
    }

    @Test
    void aBigSiteIsServedWholeAndItsOneBrokenPageReported() throws Exception {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar("many.jar", true).toUri().toURL()},
                PageDiscoveryTest.class.getClassLoader())) {
            t.setContextClassLoader(loader);
            App app = App.create(Config.builder().build());
            app.pages("many.ok");
            assertThat(app.routes()).hasSize(MANY);
            try (TestClient client = TestClient.of(app)) {
                assertThat(client.get("/p0").text()).isEqualTo("page 0");
                assertThat(client.get("/p57").text()).isEqualTo("page 57");
                assertThat(client.get("/p99").text()).isEqualTo("page 99");
            }
            App broken = App.create(Config.builder().build());
            assertThatThrownBy(() -> broken.pages("many.bad")).hasMessage("pages(\"many.bad\"): 1 problem (see docs/pages.md)\n"
                    + "  many.bad.p42.Page.get must take exactly one parameter, a dev.duet.Request");
        } finally {
            t.setContextClassLoader(before);
        }
    }

    @Test
    void pagesOnAnotherClassLoaderThanTheContextOneAreNotFound() {
        App app = App.create(Config.builder().build());
        assertThatThrownBy(() -> app.pages("jarsite"))
                .hasMessage("pages(\"jarsite\"): no class named Page in package jarsite or under it (the package is not on the class path)");
    }
}
