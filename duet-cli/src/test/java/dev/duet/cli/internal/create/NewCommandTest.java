package dev.duet.cli.internal.create;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duet new} without building what it writes (NewProjectTest builds it): the files each
 * template gives, and every way the command refuses.
 */
class NewCommandTest {
    @TempDir
    Path work;

    record Result(int code, String out, String err) {
    }

    private Result duetNew(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = NewCommand.commandLine(work).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }

    @Test
    void theSiteTemplateIsTheDefaultAndGivesAPageAStyleSheetAndPebble() throws IOException {
        Result r = duetNew("my-site");

        assertThat(r.code()).as(r.err()).isZero();
        Path p = work.resolve("my-site");
        assertThat(r.out()).contains("Created my-site (site", "package com.example.mysite", "cd my-site", "./duet run", "./duet test");
        assertThat(p.resolve("src/main/java/com/example/mysite/Main.java")).exists();
        assertThat(p.resolve("src/main/java/com/example/mysite/Note.java")).exists();
        assertThat(p.resolve("src/main/java/com/example/mysite/pages/Page.java")).exists();
        assertThat(p.resolve("src/main/resources/com/example/mysite/pages/page.html")).exists();
        assertThat(p.resolve("src/main/resources/static/app.css")).exists();
        assertThat(p.resolve("src/test/java/com/example/mysite/MainTest.java")).exists();
        assertThat(p.resolve("src/main/java/com/example/mysite/NotesApi.java")).doesNotExist();
        assertThat(read(p.resolve("pom.xml"))).contains("<artifactId>duet-pebble</artifactId>");
        assertThat(read(p.resolve("src/main/java/com/example/mysite/Main.java")))
                .contains("package com.example.mysite;", "app.pages(\"com.example.mysite.pages\", notes);",
                        "System.exit(DuetCli.run(new Main(), args));")
                .doesNotContain("NotesApi", "%%");
    }

    @Test
    void theApiTemplateGivesJsonEndpointsAndNoPebble() throws IOException {
        Result r = duetNew("my-api", "--template", "api");

        assertThat(r.code()).as(r.err()).isZero();
        Path p = work.resolve("my-api");
        assertThat(p.resolve("src/main/java/com/example/myapi/NotesApi.java")).exists();
        assertThat(p.resolve("src/main/java/com/example/myapi/pages")).doesNotExist();
        assertThat(p.resolve("src/main/resources/static")).doesNotExist();
        assertThat(read(p.resolve("pom.xml"))).doesNotContain("duet-pebble");
        assertThat(read(p.resolve("src/main/java/com/example/myapi/Main.java")))
                .contains("NotesApi.register(app, notes);").doesNotContain("StaticFiles", "pages(");
        assertThat(read(p.resolve("README.md"))).contains("NotesApi.java").doesNotContain("app.css");
    }

    @Test
    void thePomNamesTheProjectAndImportsThisDuetsBom() throws IOException {
        String version = ProjectWriter.withBuildVersions().duetVersion();
        assertThat(duetNew("shop", "--package", "org.acme.shop").code()).isZero();

        String pom = read(work.resolve("shop/pom.xml"));
        assertThat(pom).contains("<groupId>org.acme.shop</groupId>", "<artifactId>shop</artifactId>",
                "<duet.version>" + version + "</duet.version>", "<artifactId>duet-bom</artifactId>",
                "<artifactId>duet-cli</artifactId>", "<artifactId>duet-netty</artifactId>", "<artifactId>duet-db</artifactId>");
        assertThat(version).doesNotContain("${");
        assertThat(work.resolve("shop/src/main/java/org/acme/shop/Main.java")).exists();
    }

    @Test
    void thePomPinsThePluginVersionsDuetItselfBuildsWith() throws IOException {
        // Built offline, a project can only use plugin versions the machine has: the ones Duet's build used.
        String parent = read(DuetRepository.sourceRoot().resolve("pom.xml"));
        assertThat(duetNew("pinned").code()).isZero();
        Matcher plugin = Pattern.compile("<artifactId>(maven-[a-z]+-plugin)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(read(work.resolve("pinned/pom.xml")));
        int pinned = 0;
        while (plugin.find()) {
            pinned++;
            assertThat(parent).as(plugin.group(1)).containsPattern(
                    "<artifactId>" + plugin.group(1) + "</artifactId>\\s*<version>" + Pattern.quote(plugin.group(2)) + "</version>");
        }
        assertThat(pinned).isEqualTo(7);
    }

    @Test
    void theWrapperIsTheRepositorysOwnAndTheScriptsAreExecutable() throws IOException {
        assertThat(duetNew("wrapped").code()).isZero();
        Path root = DuetRepository.sourceRoot();
        Path p = work.resolve("wrapped");

        assertThat(Files.readAllBytes(p.resolve("mvnw"))).isEqualTo(Files.readAllBytes(root.resolve("mvnw")));
        assertThat(Files.readAllBytes(p.resolve("mvnw.cmd"))).isEqualTo(Files.readAllBytes(root.resolve("mvnw.cmd")));
        try (Stream<Path> wrapperFiles = Files.list(root.resolve(".mvn/wrapper"))) {
            for (Path f : wrapperFiles.toList()) {
                assertThat(p.resolve(".mvn/wrapper").resolve(f.getFileName().toString())).hasSameBinaryContentAs(f);
            }
        }
        for (String script : List.of("mvnw", "duet")) {
            assertThat(Files.getPosixFilePermissions(p.resolve(script))).contains(PosixFilePermission.OWNER_EXECUTE);
        }
        assertThat(read(p.resolve("duet"))).startsWith("#!/usr/bin/env bash").contains("MAIN=com.example.wrapped.Main");
    }

    @Test
    void noPlaceholderIsLeftInAnyFilledFile() throws IOException {
        for (Template t : Template.values()) {
            assertThat(duetNew("left-" + t.id(), "-t", t.id()).code()).isZero();
            List<String> filled = Stream.concat(ProjectWriter.entries(ProjectWriter.COMMON).stream(),
                            ProjectWriter.entries(t.id() + ".files").stream())
                    .filter(ProjectWriter.Entry::fill).map(ProjectWriter.Entry::target).toList();
            assertThat(filled).hasSizeGreaterThan(5);
            try (Stream<Path> files = Files.walk(work.resolve("left-" + t.id()))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = work.resolve("left-" + t.id()).relativize(f).toString();
                    if (name.equals("mvnw.cmd")) continue;                  // copied as it is; batch files use %%
                    assertThat(read(f)).as(name).doesNotContain("%%");
                }
            }
        }
    }

    @Test
    void anEmptyFolderIsUsedAndDirAndPackageAreHonoured() throws IOException {
        Files.createDirectories(work.resolve("there"));

        Result r = duetNew("inside", "--dir", "there", "-p", "io.example.inside");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(work.resolve("there/src/main/java/io/example/inside/Main.java")).exists();
        assertThat(work.resolve("inside")).doesNotExist();
        assertThat(r.out()).contains("cd there");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "MyApp     | invalid project name 'MyApp' (myapp would do): use lower-case letters",
            "my_app    | invalid project name 'my_app': use lower-case letters, digits and single hyphens",
            "1app      | invalid project name '1app'",
            "my--app   | invalid project name 'my--app'",
            "app-      | invalid project name 'app-'",
            "my.app    | invalid project name 'my.app'",
            "new       | the project name 'new' would give the package com.example.new, but 'new' is reserved in Java: choose another name or pass --package",
            "my app    | invalid project name 'my app'",
    })
    void aNameThatCannotWorkIsAUsageError(String name, String message) {
        Result r = duetNew(name);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("duet new: " + message, "Usage: new [-hV]");   // under the launcher: duet new
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aTooLongNameIsAUsageError() {
        Result r = duetNew("a".repeat(ProjectSpec.MAX_NAME_LENGTH + 1));

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("the project name is 65 characters long; at most 64 are allowed");
        assertThat(duetNew("a".repeat(ProjectSpec.MAX_NAME_LENGTH)).code()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "com.1x      | invalid package 'com.1x': '1x' is not a Java identifier",
            "com..x      | invalid package 'com..x': '' is not a Java identifier",
            "com.class   | invalid package 'com.class': 'class' is reserved in Java",
            "com.my-app  | invalid package 'com.my-app': 'my-app' is not a Java identifier",
    })
    void aPackageThatCannotWorkIsAUsageError(String pkg, String message) {
        Result r = duetNew("fine", "--package", pkg);

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("duet new: " + message);
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void anUnknownTemplateIsAUsageErrorNamingTheChoices() {
        Result r = duetNew("fine", "--template", "blog");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("duet new: unknown template 'blog': choose api or site");
        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aMissingNameIsAUsageError() {
        Result r = duetNew();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("duet new: a project needs a name, as in: duet new my-app");
    }

    @Test
    void aFolderThatIsNotEmptyIsLeftAsItWas() throws IOException {
        Path mine = Files.createDirectories(work.resolve("taken"));
        Files.writeString(mine.resolve("notes.txt"), "mine");

        Result r = duetNew("taken");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("duet new: " + mine + " already exists and is not empty: choose another name, or --dir with a new or empty folder" + System.lineSeparator());
        try (Stream<Path> files = Files.list(mine)) {
            assertThat(files).containsExactly(mine.resolve("notes.txt"));
        }
        assertThat(Files.readString(mine.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void aFileWhereTheFolderWouldBeIsRefused() throws IOException {
        Files.writeString(work.resolve("file-app"), "a file");

        Result r = duetNew("file-app");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("file-app exists and is a file");
        assertThat(Files.readString(work.resolve("file-app"))).isEqualTo("a file");
    }

    @Test
    void aFolderThatCannotBeMadeFailsAndLeavesNothingBehind() throws IOException {
        Files.writeString(work.resolve("blocker"), "a file");   // a file where a parent folder would go

        Result r = duetNew("deep", "--dir", "blocker/deep");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("blocker");
        assertThat(Files.readString(work.resolve("blocker"))).isEqualTo("a file");
    }
}
