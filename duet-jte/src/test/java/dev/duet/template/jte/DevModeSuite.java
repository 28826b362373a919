package dev.duet.template.jte;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.View;
import dev.duet.conformance.ClientRequest;
import dev.duet.conformance.ClientResponse;
import dev.duet.conformance.ConformanceSuite;
import dev.duet.conformance.Harness;
import dev.duet.conformance.LogCapture;
import dev.duet.template.TemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app in dev mode on one harness, with jte compiling from a folder the test writes: an edited
 * template is served at once, and one that does not compile is a 500 whose log line and dev page
 * name its file and line.
 */
abstract class DevModeSuite extends ConformanceSuite {
    @TempDir
    Path dir;

    DevModeSuite(Harness harness) {
        super(harness);
    }

    private Harness.Client serve(String route, String template) {
        App app = App.create(config().dev(true).build());
        app.templates(JteTemplates.dev(dir));
        app.get(route, req -> View.of(template, Map.of("name", "Ada")));
        return serve(app);
    }

    private void write(String name, String code) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        FileTime before = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
        Files.writeString(file, code);
        // jte sees a change by the file's time: make sure the new one is later, even within a millisecond
        if (before != null) Files.setLastModifiedTime(file, FileTime.from(before.toInstant().plusSeconds(2)));
    }

    @Test
    void anEditedTemplateIsServedAtOnce() throws IOException {
        write("templates/hello.jte", "@param String name\n<p>Hello, ${name}</p>");
        var client = serve("/", "hello.jte");
        assertThat(client.get("/").text()).isEqualTo("<p>Hello, Ada</p>");
        write("templates/hello.jte", "@param String name\n<h1>Welcome back, ${name}</h1>");
        assertThat(client.get("/").text()).isEqualTo("<h1>Welcome back, Ada</h1>");
    }

    @Test
    void aTemplateThatDoesNotCompileIsA500NamingItsLine() throws IOException, InterruptedException {
        write("templates/typo.jte", "@param String name\n<p>${nmae}</p>");
        var client = serve("/", "typo.jte");
        try (LogCapture log = LogCapture.of("dev.duet")) {
            ClientResponse res = client.send(ClientRequest.get("/").accept("text/html"));
            assertThat(res.status()).isEqualTo(500);
            assertThat(res.text()).contains("Template: <code>templates/typo.jte:2</code>");
            ILoggingEvent logged = log.await(e -> e.getThrowableProxy() != null, Duration.ofSeconds(5));
            assertThat(logged.getThrowableProxy().getClassName()).isEqualTo(TemplateException.class.getName());
            assertThat(logged.getThrowableProxy().getMessage()).startsWith("templates/typo.jte:2: does not compile: cannot find symbol");
        }
        write("templates/typo.jte", "@param String name\n<p>${name}</p>");
        assertThat(client.get("/").text()).as("fixed").isEqualTo("<p>Ada</p>");
    }
}
