package dev.duet.template.pebble;

import dev.duet.Config;
import dev.duet.template.Template;
import dev.duet.template.TemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

import static dev.duet.template.pebble.PebbleTemplatesTest.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * No stale templates in dev mode: a template file edited between two renders shows its new text.
 * Each edit also sets the file's time a minute on, so that the change is seen however coarse the
 * file system's clock is, with no sleeping.
 */
class ReloadTest {
    @TempDir
    Path dir;

    private Path write(String name, String text, int minutesOn) throws IOException {
        Path file = dir.resolve("templates").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(60L * minutesOn)));
        return file;
    }

    private PebbleTemplates reloading() {
        return PebbleTemplates.builder().directory(dir).reload(true).build();
    }

    @Test
    void anEditedTemplateRendersItsNewText() throws IOException {
        write("page.html", "<p>first {{ n }}</p>", 0);
        PebbleTemplates engine = reloading();
        assertThat(render(engine, "page.html", Map.of("n", 1))).isEqualTo("<p>first 1</p>");

        write("page.html", "<p>second {{ n }}</p>", 1);
        assertThat(render(engine, "page.html", Map.of("n", 2))).isEqualTo("<p>second 2</p>");
    }

    @Test
    void aTemplateHeldAcrossTheEditRendersTheNewTextToo() throws IOException {
        write("page.html", "one", 0);
        PebbleTemplates engine = reloading();
        Template held = engine.resolve("page.html");
        write("page.html", "two", 1);
        assertThat(render(held, Map.of())).isEqualTo("two");
    }

    @Test
    void anEditedLayoutShowsInThePageThatExtendsIt() throws IOException {
        write("layout.html", "[{% block body %}{% endblock %}]", 0);
        write("page.html", "{% extends \"layout.html\" %}{% block body %}hi{% endblock %}", 0);
        PebbleTemplates engine = reloading();
        assertThat(render(engine, "page.html", Map.of())).isEqualTo("[hi]");

        write("layout.html", "<<{% block body %}{% endblock %}>>", 1);
        assertThat(render(engine, "page.html", Map.of())).isEqualTo("<<hi>>");
    }

    @Test
    void aDirectoryIsReadBeforeTheClassPathAndAFileAddedThereTakesOver() throws IOException {
        PebbleTemplates engine = reloading();
        assertThat(render(engine, "partials/footer.html", Map.of("year", 1))).isEqualTo("<footer>1</footer>"); // the class path's

        write("partials/footer.html", "<footer>edited {{ year }}</footer>", 0);
        assertThat(render(engine, "partials/footer.html", Map.of("year", 2))).isEqualTo("<footer>edited 2</footer>");
    }

    @Test
    void aTemplateCreatedOrDeletedAfterAFailedLookUpIsSeen() throws IOException {
        PebbleTemplates engine = reloading();
        assertThat(engine.find("later.html")).isEmpty();
        Path file = write("later.html", "here", 0);
        assertThat(engine.find("later.html")).isPresent();
        Files.delete(file);
        assertThat(engine.find("later.html")).isEmpty();
    }

    @Test
    void aSyntaxErrorFixedInTheFileIsGoneOnTheNextRender() throws IOException {
        write("page.html", "{{ oops", 0);
        PebbleTemplates engine = reloading();
        assertThatThrownBy(() -> engine.find("page.html")).isInstanceOf(TemplateException.class)
                .hasMessageStartingWith(dir.resolve("templates/page.html") + ":1");
        write("page.html", "{{ 'fixed' }}", 1);
        assertThat(render(engine, "page.html", Map.of())).isEqualTo("fixed");
    }

    @Test
    void withoutReloadingATemplateIsCompiledOnceAndAnEditIsNotSeen() throws IOException {
        write("page.html", "one", 0);
        PebbleTemplates engine = PebbleTemplates.builder().directory(dir).build();
        assertThat(render(engine, "page.html", Map.of())).isEqualTo("one");
        write("page.html", "two", 1);
        assertThat(render(engine, "page.html", Map.of())).isEqualTo("one");
    }

    @Test
    void devModeTurnsReloadingOnAndProductionOff() throws IOException {
        write("page.html", "one", 0);
        PebbleTemplates dev = PebbleTemplates.builder(Config.builder().dev(true).build()).directory(dir).build();
        PebbleTemplates prod = PebbleTemplates.builder(Config.builder().dev(false).build()).directory(dir).build();
        render(dev, "page.html", Map.of());
        render(prod, "page.html", Map.of());
        write("page.html", "two", 1);
        assertThat(render(dev, "page.html", Map.of())).isEqualTo("two");
        assertThat(render(prod, "page.html", Map.of())).isEqualTo("one");
    }

    @Test
    void aClassPathFolderIsWatchedToo() throws IOException {
        // An IDE or a build copying resources into target/classes: the class path's own folder changes.
        write("page.html", "one", 0);
        try (java.net.URLClassLoader folder = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            PebbleTemplates engine = PebbleTemplates.builder().classLoader(folder).reload(true).build();
            assertThat(render(engine, "page.html", Map.of())).isEqualTo("one");
            write("page.html", "two", 1);
            assertThat(render(engine, "page.html", Map.of())).isEqualTo("two");
            assertThat(engine.resolve("page.html").name()).isEqualTo("page.html");
        }
    }
}
