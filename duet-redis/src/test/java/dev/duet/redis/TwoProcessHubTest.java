package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.hub.Hub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis hub across two Duet processes, as behind a load balancer: this JVM runs the room app
 * ({@link HubInstance#roomApp}) and starts a second JVM running it too, both on the real Redis at
 * 127.0.0.1:6379 with a prefix of their own. WebSocket clients of each process hear what is
 * broadcast on the other, presence counts the members of both, and when the second process is
 * killed (no leave, no goodbye) its members stop counting within the presence ttl.
 */
class TwoProcessHubTest {
    private static final String REDIS = "redis://127.0.0.1:6379";
    private static final Duration TTL = Duration.ofMillis(1500);

    private final String prefix = "duet-test:hub2:" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Process second;

    @AfterEach
    void stop() throws Exception {
        if (second != null) second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        for (AutoCloseable c : closing.reversed()) c.close();
    }

    /** Starts {@link HubInstance} in a JVM of its own, on this test's class path; answers its port. */
    private int startSecondProcess() throws Exception {
        Set<String> path = new LinkedHashSet<>();
        // The test classes may be patched into the module rather than on either path: named first.
        path.add(Path.of(HubInstance.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        for (String p : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(p);
            if (value != null && !value.isBlank()) path.addAll(List.of(value.split(File.pathSeparator)));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        second = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, path), HubInstance.class.getName(),
                REDIS, prefix, String.valueOf(TTL.toMillis()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> out.lines().forEach(lines::add));
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("the second process's port (it ended with %s)", second.isAlive() ? "nothing" : second.exitValue())
                .startsWith("PORT ");
        return Integer.parseInt(line.substring(5).strip());
    }

    /** A WebSocket client whose text messages queue up for the test. */
    private static final class Client implements WebSocket.Listener, AutoCloseable {
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        final WebSocket socket;

        Client(HttpClient http, int port, String room) {
            socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/rooms/" + room), this).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                texts.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String t = texts.poll(10, TimeUnit.SECONDS);
            assertThat(t).as("a message within 10 s").isNotNull();
            return t;
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    private static void eventually(Supplier<Boolean> condition, Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aMessageSentOnOneProcessReachesTheClientsOfTheOtherAndAKilledProcessStopsCounting() throws Exception {
        int secondPort = startSecondProcess();
        Hub hub = RedisHub.connect(REDIS, prefix, TTL);
        closing.add(hub);
        App first = HubInstance.roomApp(hub, Config.builder().host("127.0.0.1").port(0).core("netty").build()).start();
        closing.add(first::stop);
        HttpClient http = HttpClient.newHttpClient();
        closing.add(http::shutdownNow);

        Client here = new Client(http, first.port(), "lobby");
        Client there = new Client(http, secondPort, "lobby");
        Client thereToo = new Client(http, secondPort, "lobby");
        Client otherRoom = new Client(http, secondPort, "kitchen");
        for (Client c : List.of(here, there, thereToo, otherRoom)) {
            closing.add(c);
            assertThat(c.next()).isEqualTo("joined"); // subscribed: what is broadcast from now on arrives
        }

        here.socket.sendText("hello from the first process", true);
        assertThat(there.next()).isEqualTo("hello from the first process");
        assertThat(thereToo.next()).isEqualTo("hello from the first process");
        assertThat(here.next()).as("the sender's own members hear it through Redis too").isEqualTo("hello from the first process");
        there.socket.sendText("hello from the second", true);
        assertThat(here.next()).isEqualTo("hello from the second");
        assertThat(thereToo.next()).isEqualTo("hello from the second");
        assertThat(otherRoom.texts).as("another room hears nothing").isEmpty();

        eventually(() -> hub.presence("lobby").toCompletableFuture().join() == 3, Duration.ofSeconds(10),
                "presence counts both processes' members (1 here, 2 there)");
        assertThat(hub.localCount("lobby")).isEqualTo(1);

        second.destroyForcibly(); // a crash: its members never leave
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long killed = System.nanoTime();
        eventually(() -> hub.presence("lobby").toCompletableFuture().join() == 1, Duration.ofSeconds(10),
                "the killed process's members stop counting");
        Duration took = Duration.ofNanos(System.nanoTime() - killed);
        // its count was written at most a ttl before it died and is believed a ttl from then:
        // gone within the ttl of the kill, with room for a slow machine
        assertThat(took).isLessThan(TTL.multipliedBy(3));
        here.socket.sendText("anyone?", true);
        assertThat(here.next()).as("the survivor's room still works").isEqualTo("anyone?");
        here.close();
        eventually(() -> hub.localCount("lobby") == 0, Duration.ofSeconds(10), "the last member here left");
    }
}
