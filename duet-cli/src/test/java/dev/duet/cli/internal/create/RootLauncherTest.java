package dev.duet.cli.internal.create;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's {@code ./duet new}: when it installs Duet, when it does not, and that it writes
 * the project where it was called from. The launcher runs in a copy of the repository's top
 * whose {@code mvnw} is a stand-in that logs its arguments and does what each call would
 * (install: a duet-cli jar in the local repository; build-classpath: this test's class path), so
 * no real build runs; {@code java} and {@code duet new} itself are real.
 */
class RootLauncherTest {
    @TempDir
    Path temp;
    private Path root;
    private Path repo;
    private Path caller;
    private Path mvnLog;
    private String version;

    @BeforeEach
    void fakeRepositoryTop() throws IOException {
        Path real = DuetRepository.sourceRoot();
        root = Files.createDirectories(temp.resolve("duet"));
        repo = temp.resolve("m2");
        caller = Files.createDirectories(temp.resolve("elsewhere"));
        mvnLog = temp.resolve("mvnw.log");
        version = ProjectWriter.withBuildVersions().duetVersion();
        Files.copy(real.resolve("duet"), root.resolve("duet"));
        Files.copy(real.resolve("pom.xml"), root.resolve("pom.xml"));
        Files.createDirectories(root.resolve("duet-bom"));
        Files.copy(real.resolve("duet-bom/pom.xml"), root.resolve("duet-bom/pom.xml"));
        for (String m : DuetRepository.JARS) {
            Files.createDirectories(root.resolve(m + "/src/main/java"));
            Files.copy(real.resolve(m + "/pom.xml"), root.resolve(m + "/pom.xml"));
        }
        Files.writeString(root.resolve("duet-db/src/main/java/Some.java"), "class Some {}");
        // Any valid jar does as an installed module: the real classes come with the class path below.
        Path someJar = Path.of(List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .filter(e -> e.endsWith(".jar")).findFirst().orElseThrow());
        Path classPath = Files.writeString(temp.resolve("classpath"), System.getProperty("java.class.path"));
        // install: each module's pom and jar into the repository, as Maven's install does (a pom
        // keeps its file's time); build-classpath: this test's class path.
        StringBuilder install = new StringBuilder();
        install.append(installPom("duet-parent", "pom.xml")).append(installPom("duet-bom", "duet-bom/pom.xml"));
        for (String m : DuetRepository.JARS) {
            install.append(installPom(m, m + "/pom.xml"))
                    .append("cp '").append(someJar).append("' '").append(artifact(m, "jar")).append("'; ");
        }
        Path mvnw = root.resolve("mvnw");
        Files.writeString(mvnw, """
                #!/usr/bin/env bash
                cd '%s'
                echo "$*" >> '%s'
                for a in "$@"; do
                  case "$a" in
                    install) %s ;;
                    -Dmdep.outputFile=*) cp '%s' "${a#*=}" ;;
                  esac
                done
                """.formatted(root, mvnLog, install, classPath));
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(root.resolve("duet-cli/target"));
    }

    private Path artifact(String name, String type) {
        return repo.resolve("dev/duet/" + name + "/" + version + "/" + name + "-" + version + "." + type);
    }

    private String installPom(String name, String pom) {
        return "mkdir -p '" + artifact(name, "pom").getParent() + "'; cp -p '" + pom + "' '" + artifact(name, "pom") + "'; ";
    }

    record Run(int code, String output) {
    }

    private Run duetNew(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "out", ".log");
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("duet").toString(), "new"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(caller.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("MAVEN_ARGS", "-Dmaven.repo.local=" + repo);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("./duet new did not end within 60 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private List<String> mavenCalls() throws IOException {
        return Files.exists(mvnLog) ? Files.readAllLines(mvnLog) : List.of();
    }

    @Test
    void theFirstNewInstallsDuetThenWritesTheProjectWhereItWasCalled() throws Exception {
        Run r = duetNew("myapp");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("duet: installing Duet " + version + " into " + repo + ", as duet-parent " + version
                + " is not in " + repo + " yet", "Created myapp (site");
        assertThat(mavenCalls()).hasSize(2);
        assertThat(mavenCalls().get(0)).contains("install -DskipTests", "-pl duet-bom,duet-core,duet-netty,duet-db,duet-pebble,duet-cli -am");
        assertThat(mavenCalls().get(1)).contains("-pl duet-cli dependency:build-classpath");
        assertThat(caller.resolve("myapp/pom.xml")).exists();
        assertThat(root.resolve("myapp")).doesNotExist();
    }

    @Test
    void anInstalledDuetNewerThanTheSourcesIsUsedAsItIs() throws Exception {
        assertThat(duetNew("first").code()).isZero();
        Files.setLastModifiedTime(artifact("duet-db", "jar"), FileTime.from(Instant.now().plusSeconds(60)));

        Run r = duetNew("second", "--template", "api");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).doesNotContain("installing");
        assertThat(mavenCalls()).as("no Maven call: the class path is cached too").hasSize(2);
        assertThat(caller.resolve("second/src/main/java/com/example/second/NotesApi.java")).exists();
    }

    @Test
    void aSourceChangedSinceTheInstallInstallsAgain() throws Exception {
        assertThat(duetNew("first").code()).isZero();
        Files.setLastModifiedTime(artifact("duet-db", "jar"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(root.resolve("duet-db/src/main/java/Some.java"), FileTime.from(Instant.now()));

        Run r = duetNew("second");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("as the sources of duet-db changed since it was installed");
        assertThat(mavenCalls()).hasSize(4);
        assertThat(mavenCalls().get(2)).contains("install -DskipTests");
        assertThat(mavenCalls().get(3)).contains("dependency:build-classpath");
    }

    @Test
    void aPomChangedSinceTheInstallInstallsAgain() throws Exception {
        assertThat(duetNew("first").code()).isZero();
        Files.writeString(root.resolve("duet-bom/pom.xml"), "<!-- changed -->\n", java.nio.file.StandardOpenOption.APPEND);

        Run r = duetNew("second");

        assertThat(r.code()).as(r.output()).isZero();
        assertThat(r.output()).contains("as duet-bom/pom.xml changed since it was installed");
        assertThat(mavenCalls()).hasSize(4);
    }

    @Test
    void duetNewsErrorsAndExitCodesComeThrough() throws Exception {
        Run r = duetNew("Bad_Name");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("duet new: invalid project name 'Bad_Name'", "Usage: duet new");
    }
}
