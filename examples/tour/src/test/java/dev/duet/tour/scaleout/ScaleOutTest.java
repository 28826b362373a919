package dev.duet.tour.scaleout;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14's scale-out test, on this machine, loopback only: Debian's nginx, on the repository's
 * {@code deploy/nginx/nginx.conf}, in front of three tour instances (child JVMs started by the
 * tour's own command line, configured by environment variables) sharing one PostgreSQL database
 * (made for this run, dropped after) and Redis (a key prefix of this run's). Under a steady load
 * through nginx, instance A gets SIGTERM and is started again (a rolling restart), then instance B
 * is killed with SIGKILL. It asserts:
 * <ul>
 *   <li>no answer other than 2xx, for any request answered before the kill (the rolling restart
 *       included), and A's readiness answered 503 as soon as it got SIGTERM;</li>
 *   <li>after the kill, no GET failed (nginx retries them), and a failed POST is only a 502 for a
 *       request that B had been sent when it died (nginx never resends a POST it sent);</li>
 *   <li>every job acknowledged with a 202 ends done, and finished once (the one exception allowed
 *       and counted: the killed B finished it but died before recording so, and it ran again);</li>
 *   <li>no recurring slot ran twice across the instances (same exception), and slots went on after the kill;</li>
 *   <li>a session made through nginx is valid on every instance, before and after the restarts.</li>
 * </ul>
 * The figures are printed at the end (docs/deployment.md quotes them).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ScaleOutTest {
    private static final String POSTGRES_ADMIN = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Pattern FINISHED = Pattern.compile("Report ([0-9a-f-]{36}) finished on attempt (\\d+)");
    private static final Pattern SLOT = Pattern.compile("count-users slot (\\S+): ");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String database = "scaleout_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String redisPrefix = "duet-test:scaleout:" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Path dir;
    private boolean passed;

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("scale-out clean-up: " + e);
            }
        }
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        RedisClient client = RedisClient.create(REDIS);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            List<String> keys = c.sync().keys(redisPrefix + "*");
            if (!keys.isEmpty()) c.sync().del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
        // The instances' and nginx's logs are kept when the test failed, to read why.
        if (dir != null && passed) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        } else if (dir != null) {
            System.err.println("scale-out: the logs are in " + dir);
        }
    }

    @Test
    void threeInstancesBehindNginxSurviveARollingRestartAndAKill() throws Exception {
        long begun = System.nanoTime();
        dir = Files.createTempDirectory("duet-scaleout");
        admin("CREATE DATABASE " + database);
        List<Integer> ports = freePorts(4);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database);
        env.put("DATABASE_POOL_SIZE", "6");
        env.put("DUET_HOST", "127.0.0.1");
        env.put("DUET_SECRETS", HexFormat.of().formatHex(randomBytes(32)));   // one key for all: a session signed by one verifies on all
        env.put("DUET_SESSION_SECURE", "false");                              // plain http on loopback
        env.put("DUET_SHUTDOWN_READINESS_DELAY", "2s");
        env.put("DUET_APP_REDIS_URL", REDIS);
        env.put("DUET_APP_REDIS_PREFIX", redisPrefix);
        env.put("DUET_APP_JOBS_EVERY", "2s");                                 // a recurring slot every 2 s
        env.put("DUET_APP_JOBS_HEARTBEAT", "250ms");                          // a killed instance's job runs again after 1.5 s
        TourProcess a = instance("a", ports.get(0), env);
        TourProcess b = instance("b", ports.get(1), env);
        TourProcess c = instance("c", ports.get(2), env);
        // A first, alone: it creates the tables; three at once would race to create them.
        a.start();
        a.awaitReady(Duration.ofSeconds(90));
        b.start();
        c.start();
        b.awaitReady(Duration.ofSeconds(90));
        c.awaitReady(Duration.ofSeconds(90));
        Nginx nginx = Nginx.start(dir.resolve("nginx"), ports.get(3), ports.subList(0, 3));
        closing.add(nginx);
        String base = "http://127.0.0.1:" + ports.get(3);
        awaitThroughNginx(base, nginx);

        // A session made through nginx, by whichever instance nginx picked, is valid on each one.
        String name = "Scale Out " + ThreadLocalRandom.current().nextInt(1_000_000);
        String cookie = signUp(base, name);
        for (TourProcess t : List.of(a, b, c)) assertMeShows(t, cookie, name);

        long loadStart = System.nanoTime();
        Load load = new Load(base, 6, cookie, name);
        closing.add(load);
        Thread.sleep(4000);

        // The rolling restart, as docs/deployment.md has it for nginx OSS (which cannot poll readiness):
        // A out of the upstream (reload), SIGTERM (readiness fails at once while A still serves), A exits
        // by itself, A again, ready, back in the upstream (reload).
        long rollStart = System.nanoTime();
        nginx.reload(Set.of(a.port));
        a.terminate();
        assertReadinessFailsWhileServing(a);
        assertThat(a.awaitExit(Duration.ofSeconds(60))).as("A's exit status after SIGTERM").isEqualTo(143);
        a.start();
        a.awaitReady(Duration.ofSeconds(90));
        nginx.reload(Set.of());
        long rollDone = System.nanoTime();
        Thread.sleep(4000);

        // The crash: B is killed outright, and the load goes on while its jobs are found dead and run again.
        long kill = System.nanoTime();
        Instant killedAt = Instant.now();
        b.kill();
        assertThat(b.awaitExit(Duration.ofSeconds(30))).as("B's exit status after SIGKILL").isEqualTo(137);
        Thread.sleep(8000);
        load.close();
        long loadEnd = System.nanoTime();

        // A request in flight when B was killed counts as after the kill.
        List<Load.Result> beforeKill = load.endedBefore(kill);
        List<Load.Result> rolling = load.during(rollStart, rollDone);
        List<Load.Result> afterKill = load.endedFrom(kill);
        assertThat(rolling).as("requests during the rolling restart").hasSizeGreaterThan(50);
        assertThat(beforeKill.stream().filter(r -> !r.ok()).toList()).as("non-2xx answers before the kill (rolling restart included)").isEmpty();
        assertThat(afterKill.stream().filter(r -> !r.ok() && r.method().equals("GET")).toList())
                .as("GETs that failed after the kill (nginx retries them)").isEmpty();
        List<Load.Result> postsLost = afterKill.stream().filter(r -> !r.ok() && r.method().equals("POST")).toList();
        assertThat(postsLost).as("POSTs that failed after the kill: only 502s, for requests B had been sent")
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(502));

        // Sessions: still valid through nginx and on both survivors, after the restart and the kill.
        for (TourProcess t : List.of(a, c)) assertMeShows(t, cookie, name);

        // Jobs: every acknowledged one ends done, and finished once.
        List<String> acked = load.acked();
        assertThat(acked).as("jobs acknowledged").hasSizeGreaterThan(20);
        for (String id : acked) awaitDone(base, id);
        Map<String, List<String>> finishes = scan(FINISHED, a, b, c);
        int rerunAfterKill = 0;
        for (String id : acked) {
            List<String> where = finishes.getOrDefault(id, List.of());
            if (where.size() == 2 && where.contains("b-1") && !where.stream().allMatch("b-1"::equals)) {
                rerunAfterKill++;   // B finished it, died before recording that, and another instance ran it again
                continue;
            }
            assertThat(where).as("instances that finished job %s", id).hasSize(1);
        }

        // Recurring slots: each ran on one instance only, and they went on after the kill.
        Map<String, List<String>> slots = scan(SLOT, a, b, c);
        int slotRerun = 0;
        for (var e : slots.entrySet()) {
            List<String> where = e.getValue();
            if (where.size() == 2 && where.contains("b-1") && !where.stream().allMatch("b-1"::equals)) {
                slotRerun++;
                continue;
            }
            assertThat(where).as("instances that ran slot %s", e.getKey()).hasSize(1);
        }
        assertThat(slots.keySet().stream().map(Instant::parse).filter(s -> s.isAfter(killedAt.plusSeconds(2))).count())
                .as("slots run after the kill").isGreaterThanOrEqualTo(2);

        System.out.printf("""
                scale-out: %d requests through nginx in %.1f s of load (%s)
                  before the kill (rolling restart included): %d, non-2xx %d; during the rolling restart: %d, non-2xx %d
                  after the kill: %d, non-2xx %d %s
                  jobs acknowledged %d, done %d, finished twice %d (B finished, died before recording it)
                  recurring slots %d, run twice %d; instances that ran slots: %s
                  wall time %.1f s
                """,
                load.results().size(), (loadEnd - loadStart) / 1e9, Load.summary(load.results()),
                beforeKill.size(), beforeKill.stream().filter(r -> !r.ok()).count(),
                rolling.size(), rolling.stream().filter(r -> !r.ok()).count(),
                afterKill.size(), afterKill.stream().filter(r -> !r.ok()).count(), Load.summary(postsLost),
                acked.size(), acked.size(), rerunAfterKill,
                slots.size(), slotRerun, slotsPerInstance(slots),
                (System.nanoTime() - begun) / 1e9);
        passed = true;
    }

    private TourProcess instance(String name, int port, Map<String, String> env) {
        TourProcess t = new TourProcess(name, port, dir, env);
        closing.add(t);
        return t;
    }

    /** After SIGTERM: readiness 503 on A's own port while A still answers its pages (the readiness delay). */
    private static void assertReadinessFailsWhileServing(TourProcess a) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int status = 0;
        while (System.nanoTime() < deadline && (status = a.get("/health/ready").statusCode()) == 200) Thread.sleep(20);
        assertThat(status).as("A's readiness after SIGTERM").isEqualTo(503);
        assertThat(a.get("/check").statusCode()).as("A still serves during the readiness delay").isEqualTo(200);
    }

    private static void assertMeShows(TourProcess t, String cookie, String name) throws Exception {
        HttpResponse<String> me = t.get("/me", "Cookie", cookie);
        assertThat(me.statusCode()).as("GET /me on %s with the session made through nginx", t.name).isEqualTo(200);
        assertThat(me.body()).contains(name);
    }

    /** Signs up through nginx (a browser's same-origin form post) and answers the session cookie it got. */
    private static String signUp(String base, String name) throws Exception {
        String email = "scale" + ThreadLocalRandom.current().nextInt(1_000_000_000) + "@example.com";
        String form = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                + "&password=correct-horse&password2=correct-horse";
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/signup"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(303);
        String setCookie = res.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith("duet_session=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + res.headers().map()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static void awaitThroughNginx(String base, Nginx nginx) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) throw new AssertionError("nginx exited:\n" + nginx.errorLog());
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(base + "/check")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("nginx did not answer:\n" + nginx.errorLog());
    }

    private static void awaitDone(String base, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            last = res.statusCode() + " " + res.body();
            if (res.statusCode() == 200 && res.body().contains("\"state\":\"done\"")) return;
            Thread.sleep(200);
        }
        throw new AssertionError("job " + id + " acknowledged but not done: " + last);
    }

    /** What {@code pattern}'s first group names, in every log of the instances, with the log (say "b-1") of each line. */
    private static Map<String, List<String>> scan(Pattern pattern, TourProcess... instances) throws IOException {
        Map<String, List<String>> found = new HashMap<>();
        for (TourProcess t : instances) {
            for (Path log : t.logs()) {
                String run = log.getFileName().toString().replace(".log", "");
                Matcher m = pattern.matcher(Files.readString(log));
                while (m.find()) found.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(run);
            }
        }
        return found;
    }

    private static Map<String, Long> slotsPerInstance(Map<String, List<String>> slots) {
        Map<String, Long> per = new java.util.TreeMap<>();
        slots.values().forEach(l -> l.forEach(run -> per.merge(run, 1L, Long::sum)));
        return per;
    }

    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) held.add(new ServerSocket(0));
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : held) s.close();
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES_ADMIN, "postgres", "")) {
            c.createStatement().execute(sql);
        }
    }
}
