package dev.duet.cli.internal.create;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code duet new}, end to end: each template's project is written into a temporary folder and
 * built by its own Maven Wrapper, offline, against a fresh local repository holding this build's
 * Duet (see {@link DuetRepository}), and its own tests must pass. The launcher it writes is run
 * too. Each Maven run takes 15 to 40 seconds; the class takes about two minutes.
 */
class NewProjectTest {
    /** A Maven run that takes longer than this is stuck (an offline build that waits for the network). */
    private static final Duration MAVEN_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path scratch;
    private static DuetRepository repository;

    @TempDir
    Path work;

    @BeforeAll
    static void installDuet() throws IOException {
        repository = DuetRepository.create(scratch, ProjectWriter.withBuildVersions().duetVersion());
    }

    @Test
    void theSiteProjectsOwnTestsPassOfflineThroughItsLauncher() throws Exception {
        Path project = newProject("site-app");

        Run test = run(project, "./duet", "test");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("Running com.example.siteapp.MainTest",
                "Tests run: 4, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
    }

    @Test
    void theApiProjectsOwnTestsPassOfflineWithItsMavenWrapper() throws Exception {
        Path project = newProject("notes-api", "--template", "api", "--package", "org.acme.notes");

        Run test = run(project, "./mvnw", "-B", "test");

        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("Running org.acme.notes.MainTest",
                "Tests run: 4, Failures: 0, Errors: 0, Skipped: 0", "BUILD SUCCESS");
    }

    @Test
    void theLauncherRunsTheAppsCommandLineOnAClassPathItKeepsUntilThePomChanges() throws Exception {
        Path project = newProject("cli-app", "--template", "api");
        Path cache = project.resolve("target/classpath.txt");

        Run help = run(project, "./duet", "help");
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).contains("Usage: ./duet <command>", "Usage: duet ");  // the launcher's, then the app's
        assertThat(project.resolve("target/classes/com/example/cliapp/Main.class")).exists();
        // The class path has this build's Duet, from the fresh repository, never an older one from the tail.
        List<String> duetJars = new ArrayList<>();
        for (String entry : Files.readString(cache).strip().split(":")) {
            if (entry.contains("/dev/duet/")) duetJars.add(entry);
        }
        assertThat(duetJars).anyMatch(j -> j.endsWith("duet-cli-" + duetVersion() + ".jar"))
                .anyMatch(j -> j.endsWith("duet-netty-" + duetVersion() + ".jar"))
                .anyMatch(j -> j.endsWith("duet-db-" + duetVersion() + ".jar"))
                .allSatisfy(jar -> assertThat(Path.of(jar)).startsWith(repository.head()));

        // Any other command goes to the app's command line, which refuses one it does not know.
        FileTime computed = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(cache, computed);
        Files.setLastModifiedTime(project.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(7200)));
        Run odd = run(project, "./duet", "no-such-command");
        assertThat(odd.exitCode()).as(odd.output()).isEqualTo(2);
        assertThat(odd.output()).contains("no-such-command").doesNotContain("Usage: ./duet");
        assertThat(Files.getLastModifiedTime(cache)).as("kept while pom.xml is older").isEqualTo(computed);

        Files.setLastModifiedTime(project.resolve("pom.xml"), FileTime.from(Instant.now()));
        Run afterPomChange = run(project, "./duet", "--version");
        assertThat(afterPomChange.exitCode()).as(afterPomChange.output()).isZero();
        assertThat(Files.getLastModifiedTime(cache)).as("computed again after pom.xml changed").isNotEqualTo(computed);
        assertThat(project.resolve("target/classpath.txt.new")).doesNotExist();
    }

    private static String duetVersion() {
        return ProjectWriter.withBuildVersions().duetVersion();
    }

    private Path newProject(String name, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = NewCommand.commandLine(work).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of(name));
        args.addAll(List.of(options));
        int code = cli.execute(args.toArray(String[]::new));
        assertThat(code).as(err.toString()).isZero();
        return work.resolve(name);
    }

    record Run(int exitCode, String output) {
    }

    /** Runs {@code command} in {@code dir} with this JDK and the offline repository; output and error together. */
    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(scratch, "run", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        String javaHome = System.getProperty("java.home");
        env.put("JAVA_HOME", javaHome);
        env.put("PATH", javaHome + "/bin:" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("MAVEN_ARGS", repository.mavenArgs());
        env.remove("MAVEN_OPTS");
        Process p = pb.start();
        if (!p.waitFor(MAVEN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " in " + dir + " did not end within " + MAVEN_TIMEOUT
                    + "; its output:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }
}
