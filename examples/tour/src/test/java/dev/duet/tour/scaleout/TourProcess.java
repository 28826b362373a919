package dev.duet.tour.scaleout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One tour instance as an operator runs it: {@code java dev.duet.tour.Tour serve} in a JVM of its
 * own, on this test's class path, configured only by environment variables. Each start writes a
 * log file of its own, so the lines of a killed run are kept beside those of the next one.
 */
final class TourProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path dir;
    private final Map<String, String> env;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    TourProcess(String name, int port, Path dir, Map<String, String> env) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.env = env;
    }

    /** Starts the JVM (does not wait for it to answer). */
    void start() throws IOException {
        Path log = dir.resolve(name + "-" + (logs.size() + 1) + ".log");
        logs.add(log);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The tour's own logback.xml (INFO), not the test's logback-test.xml, which is first on this class path.
        String logback = Path.of(System.getProperty("user.dir"), "target", "classes", "logback.xml").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), "dev.duet.tour.Tour", "serve")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DUET_") || k.startsWith("DATABASE_") || k.equals("PORT"));
        pb.environment().putAll(env);
        pb.environment().put("DUET_PORT", String.valueOf(port));
        process = pb.start();
    }

    /** Waits until {@code GET /health/ready} answers 200 on this instance's own port. */
    void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + lastLog());
            try {
                if (get("/health/ready").statusCode() == 200) return;
            } catch (ConnectException e) {
                // not listening yet
            } catch (IOException e) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not ready within " + within + ":\n" + lastLog());
    }

    /** A GET straight to this instance, bypassing nginx. */
    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGTERM: the graceful stop. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: no stop at all. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits for the process to end and answers its exit status. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) throw new AssertionError(name + " did not exit within " + within);
        return process.exitValue();
    }

    /** The log files of every start so far, oldest first. */
    List<Path> logs() {
        return List.copyOf(logs);
    }

    String lastLog() {
        try {
            String text = Files.readString(logs.getLast());
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
