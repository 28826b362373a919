package dev.duet.redis;

import ch.qos.logback.classic.Level;
import dev.duet.App;
import dev.duet.Config;
import dev.duet.Secrets;
import dev.duet.conformance.LogCapture;
import dev.duet.netty.NettyCore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's Redis fault: a private {@code redis-server} (never the shared one) holding the sessions
 * of an app under steady load is killed, then started again on the same port. Held: while it is
 * gone, requests that need their session get 503 with {@code Retry-After} at once (no request waits
 * for Redis), a request that does not touch the session is still served, the outage is logged once
 * by the store when it starts and once when it ends, and sessions are served again within seconds
 * of Redis's return (new ones: this Redis keeps nothing on disk).
 */
class RedisOutageTest {
    private static final int CLIENTS = 16;
    private static final String KEY = "o".repeat(16) + "-redis-outage-signing-key-0";

    record Answer(String path, int status, long startNanos, long endNanos, String retryAfter) {
        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void redisIsKilledUnderLoadAndComesBack(@TempDir Path dir) throws Exception {
        int port = freePort();
        Process redis = startRedis(port, dir);
        RedisSessionStore store = null;
        App app = null;
        try (LogCapture storeLog = LogCapture.of(RedisSessionStore.class.getName(), Level.INFO)) {
            store = RedisSessionStore.connect("redis://127.0.0.1:" + port, "outage:");
            app = App.create(Config.builder().host("127.0.0.1").port(0).eventLoops(2).secrets(Secrets.of(KEY)).build());
            app.sessions(store);
            app.get("/count", req -> {
                Integer n = req.session().get("n", Integer.class);
                req.session().put("n", n == null ? 1 : n + 1);
                return String.valueOf(n == null ? 1 : n + 1);
            });
            app.get("/plain", req -> "no session here");
            app.start(new NettyCore());
            String base = "http://127.0.0.1:" + app.port();

            ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                        .executor(r -> Thread.ofVirtual().start(r)).build();
                clients.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        answers.add(call(http, base, "/count"));
                        answers.add(call(http, base, "/plain"));
                    }
                }));
            }
            Thread.sleep(1500);
            long killed = System.nanoTime();
            redis.destroyForcibly(); // SIGKILL: a crash, connections reset
            redis.waitFor(10, TimeUnit.SECONDS);
            Thread.sleep(3000);
            long restart = System.nanoTime();
            redis = startRedis(port, dir);
            long accepting = System.nanoTime();
            long firstOk = 0;
            long giveUp = accepting + Duration.ofSeconds(20).toNanos();
            while (firstOk == 0 && System.nanoTime() < giveUp) {
                for (Answer a : answers) {
                    if (a.path.equals("/count") && a.status == 200 && a.startNanos > accepting) firstOk = a.endNanos;
                }
                Thread.sleep(50);
            }
            Thread.sleep(500);
            running.set(false);
            for (Thread t : clients) t.join(Duration.ofSeconds(20));

            List<Answer> all = new ArrayList<>(answers);
            long settled = killed + Duration.ofMillis(500).toNanos();
            List<Answer> down = all.stream().filter(a -> a.startNanos > settled && a.endNanos < restart).toList();
            List<Answer> downSession = down.stream().filter(a -> a.path.equals("/count")).toList();
            List<Long> ms = downSession.stream().map(Answer::millis).sorted().toList();
            long recoveryMs = firstOk == 0 ? -1 : (firstOk - accepting) / 1_000_000;
            long downLines = storeLog.events(e -> e.getFormattedMessage().contains("is unreachable for sessions")).size();
            long upLines = storeLog.events(e -> e.getFormattedMessage().contains("answers session commands again")).size();
            System.out.printf("redis-outage: %d requests; while down %d session requests (503 p50 %d ms, p99 %d ms, max %d ms),"
                            + " %d plain ones (%d answered 200); back %d ms after redis-server started; store log lines: down %d, up %d%n",
                    all.size(), downSession.size(), pct(ms, 50), pct(ms, 99), ms.isEmpty() ? -1 : ms.getLast(),
                    down.size() - downSession.size(), down.stream().filter(a -> a.path.equals("/plain") && a.status == 200).count(),
                    recoveryMs, downLines, upLines);
            storeLog.events().forEach(e -> System.out.println("redis-outage log: " + e.getLevel() + " " + e.getFormattedMessage()));

            assertThat(all.stream().filter(a -> a.endNanos < killed)).as("before the kill, all served").allMatch(a -> a.status == 200);
            assertThat(downSession).as("session requests while Redis was gone").isNotEmpty().allSatisfy(a -> {
                assertThat(a.status).isEqualTo(503);
                assertThat(a.retryAfter).isEqualTo("1");
            });
            assertThat(pct(ms, 90)).as("503 at once, not after a timeout").isLessThan(500);
            assertThat(downSession.size()).as("no pile-up: many answers while down").isGreaterThan(CLIENTS * 3);
            assertThat(down.stream().filter(a -> a.path.equals("/plain"))).as("requests without a session are served")
                    .isNotEmpty().allMatch(a -> a.status == 200);
            assertThat(recoveryMs).as("sessions served again within seconds of Redis's return").isBetween(0L, 5000L);
            assertThat(downLines).as("one line when the outage starts").isEqualTo(1);
            assertThat(upLines).as("one line when it ends").isEqualTo(1);
        } finally {
            if (app != null) app.stop();
            if (store != null) store.close();
            redis.destroyForcibly();
        }
    }

    private static Answer call(HttpClient http, String base, String path) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(path, res.statusCode(), start, System.nanoTime(), res.headers().firstValue("Retry-After").orElse(null));
        } catch (Exception e) {
            return new Answer(path, -1, start, System.nanoTime(), null);
        }
    }

    /** A redis-server of the test's own (Debian's redis-server; the test fails, saying so, without it). */
    private static Process startRedis(int port, Path dir) throws Exception {
        Path bin = Path.of(System.getenv().getOrDefault("DUET_REDIS_SERVER", "/usr/bin/redis-server"));
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(bin + " is missing: install Debian's redis-server (apt-get install redis-server),"
                    + " or point DUET_REDIS_SERVER at one");
        }
        Process p = new ProcessBuilder(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                if (!p.isAlive()) throw new AssertionError("redis-server exited:\n" + Files.readString(dir.resolve("redis-" + port + ".log")));
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("redis-server did not listen on " + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static long pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return -1;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
