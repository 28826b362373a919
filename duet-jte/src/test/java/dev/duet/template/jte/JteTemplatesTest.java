package dev.duet.template.jte;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.View;
import dev.duet.template.Template;
import dev.duet.template.TemplateException;
import dev.duet.test.TestClient;
import dev.duet.test.TestResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JteTemplates itself: names, dev-mode compiling and reloading, and how each failure is told. */
class JteTemplatesTest {
    @TempDir
    Path dir;

    private static String render(Template template, Map<String, ?> model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        template.render(model, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void write(String name, String code) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, code);
    }

    /** Writes {@code code} over a template and moves its time on: jte sees a change by the file's time. */
    private void change(String name, String code) throws IOException {
        Path file = dir.resolve(name);
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, code);
        Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
    }

    // ---- names ----

    @Test
    void namesMapOntoJtesPathsUnderTheSourceFolder() {
        JteTemplates jte = Engines.precompiled();
        assertThat(jte.root()).isEqualTo("templates");
        assertThat(jte.jteName("home.jte")).isEqualTo("templates/home.jte");
        assertThat(jte.jteName("partials/user.jte")).isEqualTo("templates/partials/user.jte");
        assertThat(jte.jteName("/com/example/pages/users/page.jte")).isEqualTo("com/example/pages/users/page.jte");
        assertThat(jte.jteName("errors/404.html")).isEqualTo("templates/errors/404.jte");
        assertThat(jte.jteName("home")).isEqualTo("templates/home.jte");
        assertThat(jte.jteName("card.kte")).isEqualTo("templates/card.kte");
        assertThat(jte.jteName("v1.2/.hidden")).isEqualTo("templates/v1.2/.hidden.jte");
        assertThat(jte.root("").jteName("home.jte")).isEqualTo("home.jte");
        assertThat(jte.root("site/views/").jteName("home.jte")).isEqualTo("site/views/home.jte");
        assertThat(jte.root("views").jteName("/home.jte")).isEqualTo("home.jte");
    }

    @Test
    void aNameThatCouldLeaveTheSourceFolderIsRefusedNamingTheProblem() {
        JteTemplates jte = Engines.precompiled();
        assertThatThrownBy(() -> jte.find("../secret.jte")).isInstanceOf(TemplateException.class)
                .hasMessage("../secret.jte: not a template name: it has a '..' segment");
        assertThatThrownBy(() -> jte.find("/../etc/passwd")).hasMessageContaining("has a '..' segment");
        assertThatThrownBy(() -> jte.find("a/./b.jte")).hasMessageContaining("has a '.' segment");
        assertThatThrownBy(() -> jte.find("a\\b.jte")).hasMessageContaining("has a backslash");
        assertThatThrownBy(() -> jte.find("a//b.jte")).hasMessageContaining("has an empty segment");
        assertThatThrownBy(() -> jte.find("/")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> jte.find("a\0.jte")).hasMessageContaining("has a control character");
        assertThatThrownBy(() -> jte.find("C:/x.jte")).hasMessageContaining("has a colon");
        assertThatThrownBy(() -> jte.root("../up")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the template root '../up' has a '..' segment");
        assertThatThrownBy(() -> jte.root("/abs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has an empty segment");
    }

    @Test
    void aMissingTemplateIsNotFoundInBothModes() throws IOException {
        write("templates/here.jte", "here");
        for (JteTemplates jte : List.of(Engines.precompiled(), JteTemplates.dev(dir))) {
            assertThat(jte.find("nowhere.jte")).as("%s", jte).isEmpty();
            assertThat(jte.find("/templates/nowhere.jte")).isEmpty();
            assertThatThrownBy(() -> jte.resolve("nowhere.jte")).isInstanceOf(TemplateException.class)
                    .hasMessage("nowhere.jte: no such template")
                    .satisfies(e -> assertThat(((TemplateException) e).template()).isEqualTo("nowhere.jte"));
        }
    }

    @Test
    void aPrecompiledClassThatDoesNotLoadIsAFailureNotAMissingTemplate() throws Exception {
        write("gg/jte/generated/precompiled/templates/JtebadGenerated.class", "not a class file");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[]{dir.toUri().toURL()}, getClass().getClassLoader())) {
            JteTemplates jte = JteTemplates.precompiled(loader);
            assertThat(jte.find("absent.jte")).isEmpty();
            assertThatThrownBy(() -> jte.find("bad.jte")).isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.template()).isEqualTo("templates/bad.jte");
                assertThat(e.getMessage()).startsWith("templates/bad.jte: its precompiled class"
                        + " gg/jte/generated/precompiled/templates/JtebadGenerated.class does not load: java.lang.ClassFormatError");
            });
        }
    }

    @Test
    void aPageTemplateIsFoundByItsClassPathPath() throws IOException {
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            Template page = jte.resolve("/dev/duet/template/jte/page.jte");
            assertThat(page.name()).isEqualTo("/dev/duet/template/jte/page.jte");
            assertThat(render(page, Map.of("title", "A & B"))).isEqualTo("<h1>A &amp; B</h1>\n");
        }
    }

    // ---- dev mode ----

    @Test
    void devModeRendersTheNewTemplateAfterItsFileChanges() throws IOException {
        write("templates/greet.jte", "@param String name\nHello, ${name}!");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThat(render(jte.resolve("greet.jte"), Map.of("name", "Ada"))).isEqualTo("Hello, Ada!");
        Template kept = jte.resolve("greet.jte");

        change("templates/greet.jte", "@param String name\nGood night, ${name}.");
        assertThat(render(jte.resolve("greet.jte"), Map.of("name", "Ada"))).isEqualTo("Good night, Ada.");
        assertThat(render(kept, Map.of("name", "Ada"))).as("a template found before the change renders the new one too")
                .isEqualTo("Good night, Ada.");
    }

    @Test
    void devModeRendersTheNewLayoutWhenOnlyTheLayoutChanges() throws IOException {
        write("templates/frame.jte", "@param gg.jte.Content body\n<main>${body}</main>");
        write("templates/page.jte", "@template.templates.frame(body = @`<p>page</p>`)");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThat(render(jte.resolve("page.jte"), Map.of())).isEqualTo("<main><p>page</p></main>");

        change("templates/frame.jte", "@param gg.jte.Content body\n<article>${body}</article>");
        assertThat(render(jte.resolve("page.jte"), Map.of())).isEqualTo("<article><p>page</p></article>");
    }

    @Test
    void devModeFindsATemplateWrittenAfterItStarted() throws IOException {
        Files.createDirectories(dir.resolve("templates"));
        JteTemplates jte = JteTemplates.dev(dir);
        assertThat(jte.find("late.jte")).isEmpty();
        write("templates/late.jte", "late");
        assertThat(render(jte.resolve("late.jte"), Map.of())).isEqualTo("late");
    }

    @Test
    void aTemplateThatDoesNotCompileNamesItsFileAndLine() throws IOException {
        write("templates/typo.jte", "@param String name\n<p>\n${nme}\n</p>\n");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThatThrownBy(() -> jte.find("typo.jte")).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.template()).isEqualTo("templates/typo.jte");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).as("jte gives no column").isZero();
            assertThat(e.getMessage()).startsWith("templates/typo.jte:3: does not compile: cannot find symbol")
                    .contains("symbol: variable nme");
            assertThat(e.getCause()).isInstanceOf(gg.jte.TemplateException.class);
        });
    }

    @Test
    void aSyntaxErrorOfJtesOwnNamesItsFileAndLine() throws IOException {
        write("templates/unclosed.jte", "@param boolean on\n<p>\n@if(on)\nyes\n");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThatThrownBy(() -> jte.resolve("unclosed.jte")).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.template()).isEqualTo("templates/unclosed.jte");
            assertThat(e.line()).isPositive();
            assertThat(e.getMessage()).startsWith("templates/unclosed.jte:" + e.line() + ": does not compile: ");
        });
    }

    @Test
    void aCallToAMissingTemplateNamesTheLineThatCallsIt() throws IOException {
        write("templates/caller.jte", "<p>one</p>\n@template.templates.nothere()\n");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThatThrownBy(() -> jte.find("caller.jte")).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("templates/caller.jte:2: calls templates/nothere.jte, which does not exist");
            assertThat(e.location()).isEqualTo("templates/caller.jte:2");
        });
    }

    @Test
    void aTemplateThatBreaksAfterAnEditFailsOnItsNextRenderNamingTheLine() throws IOException {
        write("templates/edit.jte", "@param String name\n${name}");
        JteTemplates jte = JteTemplates.dev(dir);
        Template t = jte.resolve("edit.jte");
        change("templates/edit.jte", "@param String name\n\n${name.nope()}");
        assertThatThrownBy(() -> render(t, Map.of("name", "x"))).isInstanceOfSatisfying(TemplateException.class, e -> {
            assertThat(e.location()).isEqualTo("templates/edit.jte:3");
            assertThat(e.getMessage()).contains("does not compile: cannot find symbol");
        });
        change("templates/edit.jte", "@param String name\n[${name}]");
        assertThat(render(t, Map.of("name", "x"))).as("fixed again").isEqualTo("[x]");
    }

    @Test
    void aRenderFailureNamesTheFileAndLineInBothModes() {
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            Template broken = jte.resolve("broken.jte");
            Map<String, Object> model = new HashMap<>();
            model.put("name", null);
            assertThatThrownBy(() -> render(broken, model)).as("%s", jte).isInstanceOfSatisfying(TemplateException.class, e -> {
                assertThat(e.location()).isEqualTo("templates/broken.jte:3");
                assertThat(e.getMessage()).startsWith("templates/broken.jte:3: failed while rendering: java.lang.NullPointerException");
                assertThat(e.getCause()).isInstanceOf(gg.jte.TemplateException.class)
                        .cause().isInstanceOf(NullPointerException.class);
            });
        }
    }

    @Test
    void aFailureInsideALayoutNamesTheLayoutsLine() throws IOException {
        write("templates/frame.jte", "@param gg.jte.Content body\n@param String title\n<h1>${title.strip()}</h1>${body}");
        write("templates/inner.jte", "@template.templates.frame(body = @`x`, title = null)");
        JteTemplates jte = JteTemplates.dev(dir);
        assertThatThrownBy(() -> render(jte.resolve("inner.jte"), Map.of())).isInstanceOfSatisfying(TemplateException.class,
                e -> assertThat(e.location()).isEqualTo("templates/frame.jte:3"));
    }

    @Test
    void aModelValueOfTheWrongTypeIsARenderFailure() {
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            assertThatThrownBy(() -> render(jte.resolve("partials/user.jte"), Map.of("name", 42)))
                    .isInstanceOfSatisfying(TemplateException.class, e -> {
                        assertThat(e.template()).isEqualTo("templates/partials/user.jte");
                        assertThat(e.getMessage()).contains("ClassCastException", "java.lang.Integer", "java.lang.String");
                    });
        }
    }

    @Test
    void aMissingModelEntryIsNullButAMissingPrimitiveFailsNamingTheParametersLine() throws IOException {
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            assertThat(render(jte.resolve("partials/user.jte"), Map.of("other", "x"))).isEqualTo("<li></li>\n");
            assertThatThrownBy(() -> render(jte.resolve("errors/404.html"), Map.of("reason", "Not Found")))
                    .isInstanceOfSatisfying(TemplateException.class, e -> {
                        assertThat(e.template()).isEqualTo("templates/errors/404.jte");
                        assertThat(e.getMessage()).contains("NullPointerException");
                    });
        }
    }

    @Test
    void devModeNeedsADirectory() {
        assertThatThrownBy(() -> JteTemplates.dev(dir.resolve("missing"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("jte's source folder " + dir.resolve("missing").toAbsolutePath() + " is not a directory");
    }

    @Test
    void createPicksPrecompiledOutsideDevModeAndExplainsAMissingSourceFolderInDevMode() {
        assertThat(JteTemplates.create(Config.defaults()).toString()).isEqualTo("jte templates (precompiled; root templates)");
        // the working directory is the module's, which has src/test/jte but no src/main/jte
        assertThatThrownBy(() -> JteTemplates.create(Config.builder().dev(true).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("dev mode compiles jte templates from src/main/jte, and ")
                .hasMessageContaining("JteTemplates.dev(path)");
    }

    // ---- output ----

    @Test
    void aFailingStreamFailsTheRenderWithItsOwnIOException() {
        IOException broken = new IOException("connection reset");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw broken;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw broken;
            }
        };
        List<String> many = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "user " + i).toList();
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            // small: the buffer fills only at the end; large: it fails in the middle, inside jte
            assertThatThrownBy(() -> jte.resolve("partials/user.jte").render(Map.of("name", "x"), failing)).isSameAs(broken);
            assertThatThrownBy(() -> jte.resolve("users.jte").render(Map.of("users", many), failing)).isSameAs(broken);
        }
    }

    @Test
    void aLargePageIsWrittenWhole() throws IOException {
        List<String> many = java.util.stream.IntStream.range(0, 5000).mapToObj(i -> "user ü" + i + " <&>").toList();
        StringBuilder expected = new StringBuilder("<!DOCTYPE html>\n<html><head><title>Users</title></head>\n<body><ul>");
        many.forEach(u -> expected.append("<li>").append(u.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</li>\n"));
        expected.append("</ul></body></html>\n");
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            assertThat(render(jte.resolve("users.jte"), Map.of("users", many))).isEqualTo(expected.toString());
        }
    }

    @Test
    void oneTemplateRendersOnManyThreadsAtOnce() throws Exception {
        for (JteTemplates jte : List.of(Engines.precompiled(), Engines.dev())) {
            Template users = jte.resolve("users.jte");
            try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
                List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    String who = "thread " + t;
                    results.add(threads.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            String page = render(users, Map.of("users", List.of(who, "n" + i)));
                            if (!page.contains("<ul><li>" + who + "</li>\n<li>n" + i + "</li>\n</ul>")) return false;
                        }
                        return true;
                    }));
                }
                for (var r : results) assertThat(r.get()).as("%s", jte).isTrue();
            }
        }
    }

    // ---- in an app, through the test client ----

    @Test
    void anAppRendersThroughTheTestClientAndAReloadShowsAtOnce() throws IOException {
        write("templates/count.jte", "@param int n\n<b>${n}</b>");
        App app = App.create(Config.defaults());
        app.templates(JteTemplates.dev(dir));
        app.get("/count/{n:int}", req -> View.of("count.jte", Map.of("n", req.pathInt("n"))));
        try (TestClient client = TestClient.of(app)) {
            TestResponse first = client.get("/count/41");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Content-Type")).startsWith("text/html");
            assertThat(first.text()).isEqualTo("<b>41</b>");
            change("templates/count.jte", "@param int n\n<i>${n + 1}</i>");
            assertThat(client.get("/count/41").text()).isEqualTo("<i>42</i>");
        }
    }
}
