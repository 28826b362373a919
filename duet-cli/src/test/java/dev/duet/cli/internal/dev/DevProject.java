package dev.duet.cli.internal.dev;

import dev.duet.Config;
import dev.duet.cli.internal.FixedSettings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

/** A small project on disk for duet run's tests: files written and edited as a developer would, and a client. */
final class DevProject {
    final Path dir;
    private final ByteArrayOutputStream terminalBytes = new ByteArrayOutputStream();
    final PrintStream terminal = new PrintStream(terminalBytes, true, StandardCharsets.UTF_8);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build(); // as a browser follows a retired generation's 307

    DevProject(Path dir) {
        this.dir = dir;
    }

    DevProject write(String relative, String content) {
        Path p = dir.resolve(relative);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    void delete(String relative) throws IOException {
        Files.delete(dir.resolve(relative));
    }

    synchronized String terminal() {
        return terminalBytes.toString(StandardCharsets.UTF_8);
    }

    DevOptions options(String appClass) {
        return new DevOptions(appClass, dir, Path.of("src/main/java"), Path.of("src/main/resources"), "127.0.0.1", 0,
                Duration.ofMillis(30), Config.builder().shutdownGrace(Duration.ofSeconds(2)).build(),
                config -> new FixedSettings(config, "dev", Map.of()), terminal);
    }

    HttpResponse<String> get(int port, String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path} until its body passes {@code test}, or fails after {@code timeout} with what it last saw. */
    HttpResponse<String> await(int port, String path, Predicate<String> test, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(port, path);
            if (test.test(last.body())) return last;
            Thread.sleep(10);
        }
        throw new AssertionError("GET " + path + " never showed the change within " + timeout.toMillis() + " ms; last: "
                + (last == null ? "nothing" : last.statusCode() + " " + last.body()) + "\nterminal:\n" + terminal());
    }

    /** Waits until the terminal shows {@code text}. */
    void awaitTerminal(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!terminal().contains(text)) {
            if (System.nanoTime() > deadline) throw new AssertionError("the terminal never said \"" + text + "\":\n" + terminal());
            Thread.sleep(10);
        }
    }
}
