package dev.duet.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx (the Debian package) run as a child process with its own configuration in a temp
 * directory, proxying to one upstream port on loopback, for {@link NginxDifferentialSuite}. It
 * listens on two free loopback ports: {@link #bufferedPort} with nginx's defaults (it reads a
 * request's whole body, then sends it upstream with a Content-Length) and {@link #streamingPort}
 * with {@code proxy_request_buffering off} (a chunked body goes upstream chunked, as it arrives),
 * both over HTTP/1.1 with upstream keep-alive, since a desync needs a reused upstream connection.
 *
 * <p>Every request nginx forwards carries {@value #REQUEST_ID} (nginx's {@code $request_id}), and
 * its access log holds one line per request it framed, so a request the upstream sees without an
 * id that nginx logged is one nginx never knew it sent.
 *
 * <p>If nginx is missing it is installed with {@code scripts/install-debian} (as
 * {@code scripts/services} does); if that fails the test fails, saying why.
 */
final class Nginx implements AutoCloseable {
    /** The header nginx adds to each request it forwards: its own id for the request. */
    static final String REQUEST_ID = "X-Nginx-Request";

    /** One access-log line: a request as nginx framed it, what it answered, what the upstream answered, and the client connection it came on. */
    record Logged(String id, int status, String upstreamStatus, String connection, String method, String uri) {
    }

    private final Process process;
    private final Path dir;
    final int bufferedPort;
    final int streamingPort;

    private Nginx(Process process, Path dir, int bufferedPort, int streamingPort) {
        this.process = process;
        this.dir = dir;
        this.bufferedPort = bufferedPort;
        this.streamingPort = streamingPort;
    }

    /** Starts nginx in front of {@code 127.0.0.1:upstreamPort}; waits (≤ 10 s) until it accepts connections. */
    static Nginx proxying(int upstreamPort) throws IOException, InterruptedException {
        String binary = binary();
        Path dir = Files.createTempDirectory("duet-nginx");
        int buffered = freePort();
        int streaming = freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(dir, upstreamPort, buffered, streaming));
        Process p = new ProcessBuilder(binary, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString(),
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        Nginx nginx = new Nginx(p, dir, buffered, streaming);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!nginx.accepts(buffered) || !nginx.accepts(streaming)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = nginx.errors();
                nginx.close();
                throw new IllegalStateException("nginx did not start: " + why);
            }
            Thread.sleep(20);
        }
        return nginx;
    }

    /*
     * One process (master_process off), so that it runs as whoever runs the test and stops with
     * one signal; max_fails=0 so that nginx never takes its only upstream out of service, which
     * would turn every later request into its own 502; proxy_ignore_client_abort so that a client
     * that half-closes after its request (as the fuzzer's do) still gets the answer.
     */
    private static String config(Path dir, int upstream, int buffered, int streaming) {
        String d = dir.toString();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                events { worker_connections 4096; }
                http {
                    log_format duet '$request_id\\t$status\\t$upstream_status\\t$connection\\t$request_method\\t$request_uri';
                    access_log %1$s/access.log duet;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    upstream duet {
                        server 127.0.0.1:%2$d max_fails=0;
                        keepalive 16;
                    }
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    proxy_set_header %5$s $request_id;
                    proxy_ignore_client_abort on;
                    server {
                        listen 127.0.0.1:%3$d;
                        location / { proxy_pass http://duet; }
                    }
                    server {
                        listen 127.0.0.1:%4$d;
                        location / { proxy_pass http://duet; proxy_request_buffering off; }
                    }
                }
                """.formatted(d, upstream, buffered, streaming, REQUEST_ID);
    }

    /** Every request nginx has framed so far, from its access log. */
    List<Logged> log() throws IOException {
        Path log = dir.resolve("access.log");
        List<Logged> all = new ArrayList<>();
        if (!Files.exists(log)) return all;
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            String[] f = line.split("\t", 6);
            if (f.length < 6) continue;
            all.add(new Logged(f[0], Integer.parseInt(f[1]), f[2], f[3], unescape(f[4]), unescape(f[5])));
        }
        return all;
    }

    /** nginx logs a double quote, a backslash and a byte outside printable ASCII as {@code \xHH}: back to the byte (as ISO-8859-1). */
    static String unescape(String logged) {
        StringBuilder b = new StringBuilder(logged.length());
        for (int i = 0; i < logged.length(); i++) {
            char c = logged.charAt(i);
            if (c == '\\' && i + 4 <= logged.length() && logged.charAt(i + 1) == 'x') {
                try {
                    b.append((char) Integer.parseInt(logged.substring(i + 2, i + 4), 16));
                    i += 3;
                    continue;
                } catch (NumberFormatException notAnEscape) {
                    // a plain backslash
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The error log's last lines, for a failure message. */
    String errors() {
        try {
            Path log = dir.resolve("error.log");
            if (!Files.exists(log)) return "(no error log)";
            List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** nginx's path, installing Debian's package first (scripts/install-debian) if it is not there. */
    private static synchronized String binary() throws IOException, InterruptedException {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) return candidate;
        }
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("scripts/install-debian"))) root = root.getParent();
        if (root == null) throw new IllegalStateException("no nginx, and no scripts/install-debian above " + Path.of("").toAbsolutePath());
        Process install = new ProcessBuilder(root.resolve("scripts/install-debian").toString(), "nginx", "nginx",
                "the nginx differential tests drive a real nginx").inheritIO().start();
        if (install.waitFor() != 0 || !Files.isExecutable(Path.of("/usr/sbin/nginx"))) {
            throw new IllegalStateException("nginx is not installed and scripts/install-debian could not install it (see above)");
        }
        return "/usr/sbin/nginx";
    }
}
