package dev.duet.tour.scaleout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real nginx run as this test's child ({@code nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'}),
 * on the repository's {@code deploy/nginx/nginx.conf} with this run's ports and directory put in
 * place of the file's own (8001-8003, 8080, /var/lib/duet-nginx). Installs Debian's nginx first if
 * it is missing ({@code scripts/install-debian}).
 */
final class Nginx implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    static final Path CONFIG = ROOT.resolve("deploy/nginx/nginx.conf");

    private final Path dir;
    private final int port;
    private final List<Integer> upstreams;
    private final Process process;

    private Nginx(Path dir, int port, List<Integer> upstreams, Process process) {
        this.dir = dir;
        this.port = port;
        this.upstreams = upstreams;
        this.process = process;
    }

    /**
     * The repository's config with {@code listen} on {@code port} and the upstream on
     * {@code upstreams}, those in {@code down} marked {@code down} (sent nothing new).
     */
    static String config(Path dir, int port, List<Integer> upstreams, Set<Integer> down) throws IOException {
        String text = Files.readString(CONFIG);
        for (int i = 0; i < 3; i++) {
            String from = "server 127.0.0.1:800" + (i + 1) + " max_fails=1 fail_timeout=5s;";
            String to = "server 127.0.0.1:" + upstreams.get(i) + " max_fails=1 fail_timeout=5s" + (down.contains(upstreams.get(i)) ? " down;" : ";");
            text = replaceOnce(text, from, to);
        }
        text = replaceOnce(text, "listen 127.0.0.1:8080;", "listen 127.0.0.1:" + port + ";");
        if (!text.contains("/var/lib/duet-nginx/")) throw new AssertionError(CONFIG + " no longer names /var/lib/duet-nginx/");
        return text.replace("/var/lib/duet-nginx/", dir.toAbsolutePath() + "/");
    }

    private static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new AssertionError(CONFIG + " must hold '" + from + "' exactly once");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    static Nginx start(Path dir, int port, List<Integer> upstreams) throws Exception {
        Process install = new ProcessBuilder(ROOT.resolve("scripts/install-debian").toString(), "nginx", "nginx",
                "the scale-out test drives a real nginx").redirectErrorStream(true).start();
        String said = new String(install.getInputStream().readAllBytes());
        if (install.waitFor() != 0) throw new AssertionError("nginx is needed and could not be installed:\n" + said);
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, upstreams, Set.of()));
        Process p = new ProcessBuilder(nginxCommand(), "-p", dir + "/", "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        return new Nginx(dir, port, upstreams, p);
    }

    /**
     * Rewrites the config with the instances on {@code down} marked {@code down} and reloads
     * nginx (SIGHUP, what {@code nginx -s reload} sends), then waits until every worker of the old
     * config has ended: from then on no request goes to those instances, and none is in flight
     * through nginx to them. Old workers finish what they were proxying first; nothing is dropped.
     */
    void reload(Set<Integer> down) throws Exception {
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreams, down));
        Set<Long> old = workers();
        new ProcessBuilder("kill", "-HUP", String.valueOf(process.pid())).start().waitFor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Set<Long> now = workers();
            if (!now.isEmpty() && now.stream().noneMatch(old::contains)) return;
            Thread.sleep(20);
        }
        throw new AssertionError("nginx's old workers did not end after the reload:\n" + errorLog());
    }

    private Set<Long> workers() {
        return process.toHandle().children().map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static String nginxCommand() {
        for (String c : List.of("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx")) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        return "nginx";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String errorLog() {
        try {
            return Files.readString(dir.resolve("error.log")) + Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGQUIT: nginx's graceful stop; then SIGKILL if it has not ended. */
    @Override
    public void close() throws Exception {
        if (!process.isAlive()) return;
        new ProcessBuilder("kill", "-QUIT", String.valueOf(process.pid())).start().waitFor();
        if (!process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
