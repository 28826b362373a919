package dev.duet.cli.internal.create;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository's {@code ./duet aot}: a training run of a runnable jar that leaves an AOT cache the
 * same JVM then starts with, and a clear failure when the app never answers 200. The jar is
 * {@link AotTrainee} alone; the JVMs are real (this test's JDK).
 */
class RootLauncherAotTest {
    @TempDir
    Path temp;
    private Path duet;
    private Path jar;
    private int port;

    @BeforeEach
    void launcherAndJar() throws IOException {
        duet = Files.copy(DuetRepository.sourceRoot().resolve("duet"), Files.createDirectories(temp.resolve("duet-top")).resolve("duet"));
        jar = temp.resolve("app/trainee.jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, AotTrainee.class.getName());
        String entry = AotTrainee.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             var in = AotTrainee.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    record Run(int code, String output) {
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "out", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(jar.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("PORT");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(command + " did not end within 120 s: " + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log));
    }

    private Run aot(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(duet.toString(), "aot"));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void aTrainingRunLeavesACacheTheJvmStartsWith() throws Exception {
        Run r = aot("trainee.jar", "--port", String.valueOf(port), "--path", "/", "--path", "/other",
                "--", "-XX:+UseSerialGC", "-Xmx64m");

        Path cache = temp.resolve("app/trainee.aot");
        assertThat(r.code()).as(r.output()).isZero();
        assertThat(cache).isNotEmptyFile();
        assertThat(r.output()).contains("wrote " + cache.toRealPath(),
                "java -XX:+UseSerialGC -Xmx64m -XX:AOTCache=" + cache.toRealPath() + " -jar " + jar.toRealPath());

        // AOTMode=on: the JVM refuses to start unless it can use the cache, so an answer proves it could.
        ProcessBuilder app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx64m", "-XX:AOTMode=on", "-XX:AOTCache=" + cache, "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("app.log").toFile());
        app.environment().put("PORT", String.valueOf(port));
        Process p = app.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = null;
            for (int i = 0; i < 300 && answer == null && p.isAlive(); i++) {
                try {
                    answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hello")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(answer).as("the app started with -XX:AOTMode=on; its output: %s", Files.readString(temp.resolve("app.log"))).isNotNull();
            assertThat(answer.body()).isEqualTo("answered /hello");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPathThatNeverAnswers200FailsTheTrainingAndNamesIt() throws Exception {
        Run r = aot("trainee.jar", "--port", String.valueOf(port), "--path", "/missing", "--timeout", "3");

        assertThat(r.code()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("no 200 from /missing within 3 s (last answer 404)");
        assertThat(temp.resolve("app/trainee.aot")).doesNotExist();
    }

    @Test
    void withoutAJarItSaysWhatItNeeds() throws Exception {
        Run r = aot();

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("duet aot: which jar?");
    }
}
