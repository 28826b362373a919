package dev.duet.tour;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown as an operator sees it: the tour runs as its own process, gets SIGTERM while a
 * request is in flight, finishes that request, and exits by itself.
 */
class SigtermTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermLetsTheInFlightRequestFinishThenTheProcessExits() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("tour", ".log");
        Path workDir = Files.createTempDirectory("tour-workdir");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dduet.port=" + port, "-Dduet.shutdownGrace=5s",
                "-cp", System.getProperty("java.class.path"), "dev.duet.tour.Tour"))
                .directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("DATABASE_URL"); // the default: a SQLite file in the working directory
        Process tour = pb.start();
        try {
            awaitUp(port, tour, log);
            assertThat(workDir.resolve("duet-tour.db")).as("the tour's default database is a file in its working directory")
                    .isRegularFile();
            HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/add-user"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\", \"email\": \"ada@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    get(port, "/slow?ms=1500"), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300); // let the request reach its handler before the signal
            tour.destroy();    // SIGTERM

            HttpResponse<String> res = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.body()).contains("\"ms\":1500");
            assertThat(tour.waitFor(10, TimeUnit.SECONDS)).as("the process exits by itself").isTrue();
            assertThat(tour.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
        } finally {
            tour.destroyForcibly();
            tour.waitFor(10, TimeUnit.SECONDS);
            try (var files = Files.list(workDir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(workDir);
        }
    }

    private HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
    }

    private void awaitUp(int port, Process tour, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!tour.isAlive()) throw new AssertionError("the tour exited early:\n" + Files.readString(log));
            try {
                if (http.send(get(port, "/check"), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) return;
            } catch (ConnectException e) {
                Thread.sleep(100);
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the tour did not come up:\n" + Files.readString(log));
    }
}
