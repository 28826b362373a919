package dev.duet.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, in a temporary directory on a free port, that the test may
 * stop and start at will: the shared server on 5432 must never be stopped (other builds use it).
 * The binaries come from Debian's {@code postgresql-15} ({@code /usr/lib/postgresql/15/bin}, or
 * {@code DUET_PG_BIN}); without them the test fails and says so. initdb refuses root, so as root the
 * commands run as the {@code postgres} user ({@code runuser}). {@link #close()} stops it and deletes
 * the directory.
 */
final class PrivatePostgres implements AutoCloseable {
    private static final Path BIN = Path.of(System.getenv().getOrDefault("DUET_PG_BIN", "/usr/lib/postgresql/15/bin"));

    private final Path dir;
    private final Path data;
    private final int port;
    private boolean running;

    private PrivatePostgres(Path dir, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** Creates the cluster and starts it. */
    static PrivatePostgres start() throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            throw new AssertionError("PostgreSQL's initdb and pg_ctl are not in " + BIN + ": install Debian's postgresql-15"
                    + " (apt-get install postgresql-15), or point DUET_PG_BIN at their directory");
        }
        Path dir = Files.createTempDirectory("duet-pg-");
        PrivatePostgres pg = new PrivatePostgres(dir, freePort());
        try {
            if (root()) run(List.of("chown", "postgres", dir.toString()), false);
            pg.asPostgres(BIN.resolve("initdb").toString(), "-D", pg.data.toString(), "--auth=trust", "-U", "postgres",
                    "--no-sync", "-E", "UTF8");
            pg.startServer();
            return pg;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            pg.close();
            throw e;
        }
    }

    /** {@code postgresql://postgres@127.0.0.1:PORT/postgres}. */
    String url() {
        return "postgresql://postgres@127.0.0.1:" + port + "/postgres";
    }

    /** Starts the server again (after a stop), returning once it accepts connections. */
    void startServer() throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "-w", "-t", "60", "start");
        running = true;
    }

    /** {@code pg_ctl stop -m mode}: {@code immediate} (a crash: backends killed, recovery at the next start) or {@code fast}. */
    void stopServer(String mode) throws IOException, InterruptedException {
        asPostgres(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "-t", "60", "stop");
        running = false;
    }

    @Override
    public void close() {
        try {
            if (running) stopServer("immediate");
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            // deleting the directory below still stops nothing; say what was left
            System.err.println("PrivatePostgres: could not stop the server in " + dir + ": " + e);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("PrivatePostgres: could not delete " + dir + ": " + e);
        }
    }

    private void asPostgres(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root()) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        run(cmd, true);
    }

    private static void run(List<String> cmd, boolean inTmp) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (inTmp) pb.directory(new java.io.File("/tmp")); // the postgres user may not enter the build's directory
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", cmd));
        }
        if (p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "):\n" + out);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
