package dev.duet.template.pebble;

import dev.duet.template.Template;
import dev.duet.template.TemplateException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine on its own: names, the language's features, escaping, caching and each kind of failure. */
class PebbleTemplatesTest {
    private final PebbleTemplates engine = PebbleTemplates.builder().extension(new TestExtension()).build();

    static String render(PebbleTemplates engine, String name, Map<String, ?> model) {
        return render(engine.resolve(name), model);
    }

    static String render(Template template, Map<String, ?> model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            template.render(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private String render(String name, Map<String, ?> model) {
        return render(engine, name, model);
    }

    private TemplateException failure(String name, Map<String, ?> model) {
        return (TemplateException) org.assertj.core.api.Assertions.catchThrowable(() -> render(name, model));
    }

    // ---- the language ----

    @Test
    void aLayoutsBlocksAreFilledByThePageThatExtendsIt() {
        assertThat(render("home.html", Map.of("name", "Ada", "year", 2026))).isEqualTo("""
                <!doctype html>
                <html><head><title>Home</title></head>
                <body><h1>Hello, Ada</h1><footer>2026</footer></body></html>
                """);
    }

    @Test
    void macrosAreImportedAndCalledWithDefaultAndNamedArguments() {
        assertThat(render("uses-macros.html", Map.of()))
                .isEqualTo("<span class=\"info\">new</span>|<span class=\"warn\">&lt;b&gt;</span>");
    }

    @Test
    void builtInFiltersAndTheAppsOwnFiltersAndFunctions() {
        assertThat(render("filters.html", Map.of("title", "news", "items", List.of("a", "b"), "name", "ada")))
                .isEqualTo("NEWS|a, b|none|ADA!|Hi ada");
    }

    @Test
    void autoEscapingMakesAScriptInertInTextAndInAttributes() {
        String html = render("escape.html", Map.of("text", "<script>alert(\"x\")</script>"));
        assertThat(html).startsWith("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>")
                .contains("<p><script>alert(\"x\")</script></p>")          // | raw: the template's explicit choice
                .endsWith("<a title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\">x</a>");
    }

    @Test
    void recordsAndTheirAccessorsAreReadByName() {
        record User(String name, String email) {
        }
        assertThat(render("user.html", Map.of("user", new User("Ada", "ada@example.com")))).isEqualTo("Ada <ada@example.com>"); // the brackets are the template's own text
    }

    @Test
    void theOutputIsUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            engine.resolve("unicode.html").render(Map.of("name", "Zoë"), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out.toByteArray()).isEqualTo("Grüße, Zoë ✓ 😀".getBytes(StandardCharsets.UTF_8));
    }

    // ---- names ----

    @Test
    void aNameWithALeadingSlashIsAClassPathResourceAndItsIncludesAreRelativeToIt() {
        String html = render("/dev/duet/template/pebble/pages/users/page.html", Map.of("users", List.of("ada", "bob"), "title", "T"));
        assertThat(html).contains("<body><li>ada</li><li>bob</li><div class=\"shared\">T</div></body>");
    }

    @Test
    void theRootCanBeAnotherFolder() {
        PebbleTemplates errors = PebbleTemplates.builder().root("errorsite/").build();
        assertThat(errors.find("errors/404.html")).isPresent();
        assertThat(errors.find("home.html")).isEmpty();
    }

    @Test
    void aMissingTemplateIsEmptyToFindAndNotFoundToResolve() {
        assertThat(engine.find("nothing-here.html")).isEmpty();
        assertThat(engine.find("/dev/duet/template/pebble/pages/nothing.html")).isEmpty();
        assertThatThrownBy(() -> engine.resolve("nothing-here.html"))
                .isInstanceOf(TemplateException.class)
                .hasMessage("nothing-here.html: no such template");
    }

    @Test
    void namesThatClimbAboveTheirRootOrAreMalformedAreRefused() {
        for (String bad : List.of("../secret.html", "/../etc/passwd", "a/../../x.html", "a//b.html", "dir/", "a\\b.html", "", " ")) {
            assertThatThrownBy(() -> engine.find(bad)).as(bad).isInstanceOf(TemplateException.class);
        }
        assertThatThrownBy(() -> engine.find("../secret.html")).hasMessageContaining("climbs above the template root");
        assertThatThrownBy(() -> engine.find("/../etc/passwd")).hasMessageContaining("climbs above the class path");
        assertThat(engine.find("partials/../home.html")).isPresent(); // . and .. inside the root are fine
    }

    @Test
    void anIncludeThatClimbsAboveTheRootFailsNamingTheName() {
        TemplateException e = failure("climbs.html", Map.of());
        assertThat(e).hasMessageContaining("../outside.html").hasMessageContaining("climbs above the template root");
    }

    // ---- compiling once ----

    @Test
    void findIsAMapLookUpAfterTheFirstCallForPresentAndMissingTemplates() {
        Template first = engine.find("home.html").orElseThrow();
        assertThat(engine.find("home.html")).containsSame(first);
        assertThat(engine.find("./partials/../home.html")).containsSame(first); // one template, however it is named
        assertThat(first.name()).isEqualTo("home.html");
        assertThat(engine.find("nothing-here.html")).isEmpty();
        assertThat(engine.find("nothing-here.html")).isEmpty();
    }

    @Test
    void withoutTheCacheEachFindCompilesAgain() {
        PebbleTemplates uncached = PebbleTemplates.builder().cache(false).build();
        Template a = uncached.resolve("home.html");
        Template b = uncached.resolve("home.html");
        assertThat(a).isNotSameAs(b);
        assertThat(render(b, Map.of("name", "x", "year", 1))).contains("Hello, x");
    }

    @Test
    void aCompiledTemplateRendersFromManyThreadsAtOnce() throws Exception {
        Template t = engine.resolve("home.html");
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int j = 0; j < 200; j++) {
                    String html = render(t, Map.of("name", "u" + n, "year", j));
                    if (!html.contains("Hello, u" + n + "</h1><footer>" + j + "</footer>")) wrong.add(html);
                }
            }));
        }
        for (Thread th : threads) th.join();
        assertThat(wrong).isEmpty();
    }

    // ---- failures ----

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        TemplateException e = (TemplateException) org.assertj.core.api.Assertions.catchThrowable(() -> engine.find("broken.html"));
        assertThat(e.template()).isEqualTo("templates/broken.html");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(6); // "  {% bogus u %}": the tag name
        assertThat(e).hasMessageStartingWith("templates/broken.html:3:6: ").hasMessageContaining("bogus");
    }

    @Test
    void strictVariablesFailOnAnUndefinedVariableNamingFileLineAndColumn() {
        PebbleTemplates strict = PebbleTemplates.builder().strictVariables(true).build();
        TemplateException e = (TemplateException) org.assertj.core.api.Assertions.catchThrowable(
                () -> render(strict, "strict.html", Map.of()));
        assertThat(e.location()).isEqualTo("templates/strict.html:2:12");
        assertThat(e).hasMessageContaining("nobody");
    }

    @Test
    void withoutStrictVariablesAnUndefinedVariablePrintsNothing() {
        assertThat(render("strict.html", Map.of())).isEqualTo("<p>\n  Hello !\n</p>\n");
    }

    @Test
    void strictModeStillAllowsDefinedTestsAndDefaults() {
        PebbleTemplates strict = PebbleTemplates.builder().strictVariables(true).extension(new TestExtension()).build();
        assertThat(render(strict, "filters.html", Map.of("title", "t", "items", List.of(), "name", "n"))).isEqualTo("T||none|N!|Hi n");
    }

    @Test
    void aMissingIncludeNamesTheIncludingTemplateWhereItAsks() {
        TemplateException e = failure("missing-include.html", Map.of());
        assertThat(e.location()).isEqualTo("templates/missing-include.html:2:14");
        assertThat(e).hasMessageContaining("no such template \"nowhere.html\"");
    }

    @Test
    void aFilterThatThrowsNamesTheTemplateAndKeepsTheCause() {
        TemplateException e = failure("failing-filter.html", Map.of("name", "x"));
        assertThat(e.template()).isEqualTo("templates/failing-filter.html");
        assertThat(e).hasMessageContaining("the explode filter always fails")
                .hasRootCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailureInAPagesBlockNamesThePageNotTheLayout() {
        PebbleTemplates strict = PebbleTemplates.builder().strictVariables(true).build();
        TemplateException e = (TemplateException) org.assertj.core.api.Assertions.catchThrowable(
                () -> render(strict, "child-strict.html", Map.of("user", Map.of("name", "x"))));
        assertThat(e.location()).isEqualTo("templates/child-strict.html:3:12");
    }

    @Test
    void anUnknownMacroInAPagesBlockNamesThePageThoughPebbleNamesTheLayout() {
        TemplateException e = failure("child-macro.html", Map.of());
        assertThat(e.location()).isEqualTo("templates/child-macro.html:3:7");
        assertThat(e).hasMessageContaining("Function or Macro [nosuch] does not exist");
    }

    @Test
    void aTemplateThatDoesNotCompileIsParsedOnceAndFailsTheSameWayEachTime() {
        Throwable first = org.assertj.core.api.Assertions.catchThrowable(() -> engine.find("broken.html"));
        Throwable second = org.assertj.core.api.Assertions.catchThrowable(() -> engine.find("broken.html"));
        assertThat(first).isInstanceOf(TemplateException.class);
        assertThat(second).isSameAs(first);
    }

    @Test
    void aRenderLongerThanMaxOutputFailsNamingTheLimit() throws IOException {
        PebbleTemplates small = PebbleTemplates.builder().maxOutput(10_000).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Template loop = small.resolve("loop.html");
        assertThatThrownBy(() -> loop.render(Map.of("n", 5_000), out))
                .isInstanceOf(TemplateException.class)
                .hasMessage("templates/loop.html: the rendered output is longer than its limit of 10000 bytes"
                        + " (PebbleTemplates.builder().maxOutput(...))");
        assertThat(out.size()).isLessThanOrEqualTo(10_000);
        ByteArrayOutputStream fits = new ByteArrayOutputStream();
        loop.render(Map.of("n", 900), fits); // 900 × 10 bytes
        assertThat(fits.size()).isEqualTo(9_000);
        assertThatThrownBy(() -> PebbleTemplates.builder().maxOutput(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGetterThatThrowsIsReportedWithItsLineAndWhatItThrew() {
        TemplateException e = failure("user.html", Map.of("user", new Object() {
            @SuppressWarnings("unused")
            public String getName() {
                throw new IllegalStateException("the name is not loaded");
            }
        }));
        assertThat(e.location()).startsWith("templates/user.html:1");
        assertThat(e).hasMessageContaining("java.lang.IllegalStateException: the name is not loaded");
    }

    @Test
    void aMissingIncludeInTheLayoutIsReportedInTheLayout() {
        TemplateException e = failure("uses-layout-missing.html", Map.of());
        assertThat(e.location()).isEqualTo("templates/layout-missing.html:2:12");
        assertThat(e).hasMessageContaining("no such template \"partials/nope.html\"");
    }

    @Test
    void aMissingRelativeIncludeIsReportedWhereItIsWritten() {
        TemplateException e = failure("/dev/duet/template/pebble/pages/users/missing-relative.html", Map.of());
        assertThat(e.location()).isEqualTo("dev/duet/template/pebble/pages/users/missing-relative.html:2:14");
        assertThat(e).hasMessageContaining("no such template \"/dev/duet/template/pebble/pages/users/nope.html\"");
    }

    @Test
    void resourcesCanBeFoundByTheAppsOwnLookUp(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("only.html"), "<b>{{ x }}</b>");
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        PebbleTemplates engine = PebbleTemplates.builder().resources(path -> {
            asked.add(path);
            try {
                return path.equals("templates/mine/only.html") ? file.toUri().toURL() : null;
            } catch (java.net.MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }).build();
        assertThat(render(engine, "mine/only.html", Map.of("x", "<y>"))).isEqualTo("<b>&lt;y&gt;</b>");
        assertThat(engine.find("home.html")).isEmpty(); // the class loader is not asked any more
        assertThat(asked).contains("templates/mine/only.html", "templates/home.html");
    }
}
