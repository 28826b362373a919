package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static dev.duet.cli.internal.dev.DevRunnerTest.GREETING;
import static dev.duet.cli.internal.dev.DevRunnerTest.PAGE;
import static dev.duet.cli.internal.dev.DevRunnerTest.RELOAD;
import static dev.duet.cli.internal.dev.DevRunnerTest.SITE;
import static dev.duet.cli.internal.dev.DevRunnerTest.TEMPLATE;
import static dev.duet.cli.internal.dev.DevRunnerTest.VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live-reload script in a real browser: a tab open on a page of {@code duet run} reloads
 * itself when the template is saved, shows a compile error over the page without reloading, and
 * reloads onto the fixed code, with no action of the test's but the edits. That the tab reloaded
 * (rather than the test reading the server anew) is told by a mark the test leaves in the page's
 * window, which a reload wipes. Needs chromium (scripts/install-browser).
 */
class DevBrowserTest {
    private static final String MARK = "window.duetTestMark";
    private static final String BODY = "document.body.innerText";
    private static final String OVERLAY = "(document.getElementById('duet-compile-error') || {textContent: ''}).textContent";

    @TempDir
    Path dir;
    DevRunner runner;
    Chromium tab;

    @AfterEach
    void stop() {
        if (tab != null) tab.close();
        if (runner != null) runner.close();
    }

    @Test
    void anOpenTabReloadsOnATemplateSaveShowsACompileErrorAndReloadsOnceItIsFixed() throws Exception {
        DevProject project = new DevProject(dir)
                .write("src/main/java/site/Site.java", SITE)
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE)
                .write("src/main/resources/site/pages/page.html", TEMPLATE);
        runner = DevRunner.start(project.options("site.Site"));
        tab = Chromium.launch(Duration.ofSeconds(20));
        tab.open("http://127.0.0.1:" + runner.port() + "/");
        assertThat(tab.evalOrNull(BODY)).contains("alpha in template one");
        markAndAwaitListening();

        project.write("src/main/resources/site/pages/page.html", TEMPLATE.replace("template one", "template two"));
        awaitInTab(BODY, t -> t.contains("alpha in template two"));
        assertThat(tab.evalOrNull(MARK)).as("the tab reloaded itself").isEqualTo("undefined");

        markAndAwaitListening();
        project.write("src/main/java/site/pages/Page.java", PAGE.replace("\"alpha\");", "\"alpha\")"));
        awaitInTab(OVERLAY, t -> t.contains("Page.java") && t.contains("';' expected"));
        assertThat(tab.evalOrNull(MARK)).as("the overlay comes over the page as it is").isEqualTo("here");
        assertThat(tab.evalOrNull(BODY)).contains("alpha in template two");

        project.write("src/main/java/site/pages/Page.java", PAGE.replace("alpha", "gamma"));
        awaitInTab(BODY, t -> t.contains("gamma in template two"));
        assertThat(tab.evalOrNull(MARK)).as("the tab reloaded itself").isEqualTo("undefined");
        assertThat(tab.evalOrNull(OVERLAY)).as("no overlay on the fixed page").isEmpty();
    }

    @Test
    void aPageMadeByAnEarlierGenerationReloadsItselfWhenItsScriptConnects() throws Exception {
        // As if the page had been made just before a swap and its script connected just after:
        // the tag names a generation that no longer serves (no </body>, so nothing is added to it).
        DevProject project = new DevProject(dir)
                .write("src/main/java/site/Site.java", SITE.replace("app.get(\"/hello\"", """
                        app.get("/stale", req -> Response.html("<p>stale</p><script src=\\"/__duet/live.js\\" data-generation=\\"gone-1\\"></script>"));
                                app.get("/hello\""""))
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE)
                .write("src/main/resources/site/pages/page.html", TEMPLATE);
        runner = DevRunner.start(project.options("site.Site"));
        tab = Chromium.launch(Duration.ofSeconds(20));
        tab.open("http://127.0.0.1:" + runner.port() + "/");
        assertThat(tab.evalOrNull("performance.getEntriesByType('navigation')[0].type")).isEqualTo("navigate");
        assertThat(tab.evalOrNull("document.querySelector('script[data-generation]').dataset.generation"))
                .as("a page names the generation that made it").isEqualTo(runner.generation());
        tab.open("http://127.0.0.1:" + runner.port() + "/stale");
        // It goes on reloading (the stand-in page always names the gone generation) until the tab closes: once is what counts.
        awaitInTab("performance.getEntriesByType('navigation')[0].type", "reload"::equals);
    }

    /** Leaves the mark in the tab, then waits until its script listens to the serving generation. */
    private void markAndAwaitListening() throws Exception {
        assertThat(tab.evalOrNull(MARK + " = 'here'")).isEqualTo("here");
        long deadline = System.nanoTime() + RELOAD.toNanos();
        while (runner.listeners() < 1) {
            assertThat(System.nanoTime()).as("the tab's script never connected to /__duet/live").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void awaitInTab(String expression, Predicate<String> test) throws Exception {
        long deadline = System.nanoTime() + RELOAD.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            last = tab.evalOrNull(expression);
            if (last != null && test.test(last)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the tab never showed it; " + expression + " was: " + last);
    }
}
