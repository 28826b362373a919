package dev.duet.cli.internal.dev;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.duet.cli.internal.dev.DevRunnerTest.GREETING;
import static dev.duet.cli.internal.dev.DevRunnerTest.PAGE;
import static dev.duet.cli.internal.dev.DevRunnerTest.RELOAD;
import static dev.duet.cli.internal.dev.DevRunnerTest.SITE;
import static dev.duet.cli.internal.dev.DevRunnerTest.TEMPLATE;
import static dev.duet.cli.internal.dev.DevRunnerTest.VISIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * State that outlives a generation: a session holding a record of the app's own class, and the
 * caches of what every generation shares (the JSON mapper's, keyed by class). An object of the
 * old generation's class reaching code of the new one would be a ClassCastException.
 */
class DevReloadStateTest {
    @TempDir
    Path dir;
    DevProject project;
    DevRunner runner;

    @BeforeEach
    void start() throws Exception {
        project = new DevProject(dir)
                .write("src/main/java/site/Site.java", SITE)
                .write("src/main/java/site/Greeting.java", GREETING)
                .write("src/main/java/site/Visit.java", VISIT)
                .write("src/main/java/site/pages/Page.java", PAGE)
                .write("src/main/resources/site/pages/page.html", TEMPLATE);
        runner = DevRunner.start(project.options("site.Site"));
    }

    @AfterEach
    void stop() {
        if (runner != null) runner.close();
    }

    @Test
    void aSessionValueOfAnAppClassIsReadBackAsTheNewClassAfterTheClassChanged() throws Exception {
        int port = runner.port();
        HttpResponse<String> put = project.get(port, "/visit/put");
        assertThat(put.body()).isEqualTo("stored");
        String cookie = put.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        assertThat(project.get(port, "/visit/get", "Cookie", cookie).body()).isEqualTo("Visit[page=home, count=1]");

        // The record gains a method: a new class in a new generation, the session still the old one's.
        String first = runner.generation();
        project.write("src/main/java/site/Visit.java", VISIT.replace("{\n}", """
                {
                    @Override
                    public String toString() {
                        return "visit to " + page + " x" + count;
                    }
                }"""));
        project.await(port, "/visit/json", b -> !runner.generation().equals(first), RELOAD);
        HttpResponse<String> read = project.get(port, "/visit/get", "Cookie", cookie);
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("visit to home x1");
    }

    @Test
    void theJsonOfAnAppRecordFollowsTheRecordAcrossReloads() throws Exception {
        int port = runner.port();
        assertThat(project.get(port, "/visit/json").body()).isEqualTo("{\"page\":\"json\",\"count\":2}");
        // Same constructor, another component name: Site compiles unchanged, the mapper must not
        // answer from what it learnt of the old class.
        project.write("src/main/java/site/Visit.java", VISIT.replace("String page", "String where"));
        HttpResponse<String> json = project.await(port, "/visit/json", b -> b.contains("where"), RELOAD);
        assertThat(json.body()).isEqualTo("{\"where\":\"json\",\"count\":2}");
    }
}
