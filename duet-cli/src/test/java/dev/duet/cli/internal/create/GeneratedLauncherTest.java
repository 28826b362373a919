package dev.duet.cli.internal.create;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new project's {@code ./duet} without a JDK it can use: it says what it found and stops
 * before any build. (NewProjectTest runs it with one.)
 */
class GeneratedLauncherTest {
    @TempDir
    Path temp;
    private Path project;
    private Path tools;

    @BeforeEach
    void newProjectAndAPathWithoutJava() throws IOException {
        int code = NewCommand.commandLine(temp).setOut(new PrintWriter(new StringWriter())).execute("launched", "-t", "api");
        assertThat(code).isZero();
        project = temp.resolve("launched");
        // Only what the script needs before it looks for Java, so the machine's own java is not found.
        tools = Files.createDirectories(temp.resolve("tools"));
        for (String tool : List.of("bash", "dirname", "sed", "head", "readlink", "cat")) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) real = Path.of("/bin", tool);
            // A script rather than a link: the temporary folder then holds nothing pointing out of it.
            Path script = Files.writeString(tools.resolve(tool), "#!/bin/sh\nexec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private String[] run(String path, String javaHome, Path jdkDirs) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("./duet", "serve").directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", path);
        env.put("DUET_JDK_DIRS", jdkDirs.toString());
        if (javaHome == null) env.remove("JAVA_HOME"); else env.put("JAVA_HOME", javaHome);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    /** A stand-in JDK: a java that reports {@code version}, and a javac. */
    private Path fakeJdk(Path home, int version) throws IOException {
        Path bin = Files.createDirectories(home.resolve("bin"));
        executable(bin.resolve("java"), "#!/bin/sh\necho '    java.specification.version = " + version + "' >&2\n");
        executable(bin.resolve("javac"), "#!/bin/sh\n");
        return home;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void noJavaAnywhereIsAClearErrorBeforeAnyBuild() throws Exception {
        Path none = Files.createDirectories(temp.resolve("no-jdks"));

        String[] r = run(tools.toString(), null, none);

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("""
                duet: no JDK 25 or newer in JAVA_HOME (unset), on the PATH or in %s.
                Install one (Eclipse Temurin 25, or apt-get install openjdk-25-jdk) and point JAVA_HOME at it.
                """.formatted(none));
        assertThat(project.resolve("target")).doesNotExist();
    }

    @Test
    void olderJavasAreNamedWithTheirVersions() throws Exception {
        Path oldOnPath = fakeJdk(temp.resolve("jdk-21"), 21);
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path oldInDirs = fakeJdk(jdks.resolve("jdk-17"), 17);
        Path oldHome = fakeJdk(temp.resolve("jdk-11"), 11);

        String[] r = run(oldOnPath.resolve("bin") + ":" + tools, oldHome.toString(), jdks);

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).startsWith("duet: no JDK 25 or newer in JAVA_HOME (" + oldHome + "), on the PATH or in " + jdks
                + "; found " + oldHome + " is Java 11, " + oldOnPath.toRealPath() + " is Java 21, " + oldInDirs + " is Java 17.");
        assertThat(project.resolve("target")).doesNotExist();
    }

    @Test
    void theNewestUsableJdkInTheUsualPlacesIsUsedWhenNeitherJavaHomeNorThePathHasOne() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        fakeJdk(jdks.resolve("jdk-21"), 21);
        fakeJdk(jdks.resolve("jdk-25"), 25);
        Path newest = fakeJdk(jdks.resolve("jdk-26"), 26);
        // The build comes next: a stand-in wrapper shows which JDK it was handed, and stops there.
        executable(project.resolve("mvnw"), "#!/bin/sh\necho \"mvnw with JAVA_HOME=$JAVA_HOME\"\nexit 3\n");

        String[] r = run(tools.toString(), null, jdks);

        assertThat(r[0]).isEqualTo("3");
        assertThat(r[1]).isEqualTo("mvnw with JAVA_HOME=" + newest + "\n");
    }
}
