package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.duet.cli.internal.dev.DevRunnerTest.GREETING;
import static dev.duet.cli.internal.dev.DevRunnerTest.PAGE;
import static dev.duet.cli.internal.dev.DevRunnerTest.RELOAD;
import static dev.duet.cli.internal.dev.DevRunnerTest.SITE;
import static dev.duet.cli.internal.dev.DevRunnerTest.TEMPLATE;
import static dev.duet.cli.internal.dev.DevRunnerTest.VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folders made after duet run started are watched like those that were there: the resources
 * folder itself, and a new folder inside it. That a folder is watched is told by the open pages
 * being told to reload when a file in it is edited.
 */
class DevWatchTest {
    @TempDir
    Path dir;
    DevRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) runner.close();
    }

    private DevProject javaOnly() {
        return new DevProject(dir)
                .write("src/main/java/site/Site.java", SITE)
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE);
    }

    @Test
    void aResourcesFolderMadeAfterTheStartIsWatchedAndServed() throws Exception {
        DevProject project = javaOnly();
        assertThat(dir.resolve("src/main/resources")).doesNotExist();
        runner = DevRunner.start(project.options("site.Site"));
        int port = runner.port();
        String generation = runner.generation();
        assertThat(project.get(port, "/").statusCode()).as("no template yet").isEqualTo(500);
        try (DevRunnerTest.LiveStream live = DevRunnerTest.LiveStream.open(port)) {
            live.next();
            // src/main/resources, site and pages made at once, as mkdir -p or an IDE does, then the file.
            project.write("src/main/resources/site/pages/page.html", TEMPLATE);
            assertThat(live.next()).startsWith("reload ");
            assertThat(project.await(port, "/", b -> b.contains("alpha in template one"), RELOAD).statusCode()).isEqualTo(200);

            project.write("src/main/resources/site/pages/page.html", TEMPLATE.replace("one", "two"));
            assertThat(live.next()).as("an edit inside the new folder").startsWith("reload ");
            project.await(port, "/", b -> b.contains("alpha in template two"), RELOAD);
        }
        assertThat(runner.generation()).as("no Java reload was needed").isEqualTo(generation);
    }

    @Test
    void aNewFolderInsideTheResourcesIsWatched() throws Exception {
        DevProject project = javaOnly().write("src/main/resources/site/pages/page.html", TEMPLATE);
        runner = DevRunner.start(project.options("site.Site"));
        int port = runner.port();
        assertThat(project.get(port, "/static/later.css").statusCode()).isEqualTo(404);
        try (DevRunnerTest.LiveStream live = DevRunnerTest.LiveStream.open(port)) {
            live.next();
            Files.createDirectories(dir.resolve("src/main/resources/static/css"));
            assertThat(live.next()).startsWith("reload ");
            project.write("src/main/resources/static/css/later.css", "p { color: red }");
            assertThat(live.next()).as("a file saved into the new folder").startsWith("reload ");
            project.await(port, "/static/css/later.css", b -> b.equals("p { color: red }"), RELOAD);
            project.write("src/main/resources/static/css/later.css", "p { color: blue }");
            assertThat(live.next()).startsWith("reload ");
            project.await(port, "/static/css/later.css", b -> b.equals("p { color: blue }"), RELOAD);
        }
    }
}
