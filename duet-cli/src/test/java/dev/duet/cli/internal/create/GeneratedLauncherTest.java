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

    private String[] run(String path, String javaHome) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("./duet", "serve").directory(project.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", path);
        if (javaHome == null) env.remove("JAVA_HOME"); else env.put("JAVA_HOME", javaHome);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), out};
    }

    @Test
    void noJavaAnywhereIsAClearErrorBeforeAnyBuild() throws Exception {
        String[] r = run(tools.toString(), null);

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).isEqualTo("""
                duet: no JDK 25 or newer: looked at JAVA_HOME (unset) and the java on the PATH.
                Install one (Eclipse Temurin 25, or apt-get install openjdk-25-jdk) and point JAVA_HOME at it.
                """);
        assertThat(project.resolve("target")).doesNotExist();
    }

    @Test
    void anOlderJavaIsNamedWithItsVersion() throws Exception {
        Path oldJdk = Files.createDirectories(temp.resolve("jdk-21/bin"));
        Path java = oldJdk.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho '    java.specification.version = 21' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        String[] r = run(oldJdk + ":" + tools, temp.resolve("not-a-jdk").toString());

        assertThat(r[0]).isEqualTo("1");
        assertThat(r[1]).startsWith("duet: no JDK 25 or newer: looked at JAVA_HOME (" + temp.resolve("not-a-jdk")
                + ") and the java on the PATH (" + temp.resolve("jdk-21").toRealPath() + " is Java 21).");
        assertThat(project.resolve("target")).doesNotExist();
    }
}
