package dev.duet.faults;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15's shutdown fault: a child JVM ({@link BackgroundChild}) queues a background task per
 * request, and gets SIGTERM while the load goes on. Every task the app acknowledged (202) must
 * either have run (its marker line is in the file) or be named, with its request, in the one log
 * line of a drain that ran out of grace: none is dropped silently. Twice: a grace long enough for
 * every task, and one too short for the long ones.
 */
class SigtermBackgroundTasksTest {
    private static final Pattern NAMED = Pattern.compile("^\\s+(running|queued): POST /work/(\\d+) \\(request ", Pattern.MULTILINE);

    /** {@code cutOff}: requests the client sent whose answer never came (the connection closed as the server stopped). */
    record Outcome(Set<Long> acknowledged, Set<Long> cutOff, Set<Long> done, Set<Long> named, String log, int exit) {
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void withGraceEnoughEveryAcknowledgedTaskRuns(@TempDir Path dir) throws Exception {
        Outcome o = sigtermUnderLoad(dir, Duration.ofSeconds(15), 200);
        System.out.printf("sigterm[grace 15 s, tasks of 200 ms]: acknowledged %d, ran %d, reported %d%n",
                o.acknowledged.size(), o.done.size(), o.named.size());
        assertThat(o.acknowledged).as("tasks acknowledged before the SIGTERM").hasSizeGreaterThanOrEqualTo(60);
        assertThat(o.done).as("every acknowledged task ran").containsAll(o.acknowledged);
        assertThat(o.log).doesNotContain("background task(s) unfinished");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void whenTheGraceRunsOutEveryUnfinishedTaskIsNamed(@TempDir Path dir) throws Exception {
        Outcome o = sigtermUnderLoad(dir, Duration.ofMillis(1000), 4000);
        System.out.printf("sigterm[grace 1 s, tasks of 4 s]: acknowledged %d, ran %d, reported %d%n",
                o.acknowledged.size(), o.done.size(), o.named.size());
        assertThat(o.acknowledged).hasSizeGreaterThanOrEqualTo(60);
        assertThat(o.log).contains("background task(s) unfinished");
        Set<Long> unaccounted = new HashSet<>(o.acknowledged);
        unaccounted.removeAll(o.done);
        unaccounted.removeAll(o.named);
        assertThat(unaccounted).as("acknowledged tasks that neither ran nor were reported").isEmpty();
        assertThat(o.done).as("the short tasks ran within the grace").isNotEmpty();
        // A request that queued its task as the stop began may lose its 202 with the connection;
        // its task is still real, and naming it is right. What may never be named is a task no
        // request asked for.
        Set<Long> asked = new HashSet<>(o.acknowledged);
        asked.addAll(o.cutOff);
        assertThat(o.named).as("reported tasks are ones requests asked for").isSubsetOf(asked);
        Set<Long> both = new HashSet<>(o.named);
        both.retainAll(o.done);
        assertThat(both).as("reported as unfinished, yet ran").isEmpty();
        Matcher m = Pattern.compile("with (\\d+) background task\\(s\\) unfinished").matcher(o.log);
        assertThat(m.find()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("the count matches the names").isEqualTo(o.named.size());
    }

    private Outcome sigtermUnderLoad(Path dir, Duration grace, long workMillis) throws Exception {
        Path marker = dir.resolve("done.txt");
        Path log = dir.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BackgroundChild.class.getName(),
                marker.toString(), Long.toString(grace.toMillis()), Long.toString(workMillis))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(child, log);
            HttpClient http = HttpClient.newBuilder().executor(r -> Thread.ofVirtual().start(r)).build();
            Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
            Set<Long> cutOff = ConcurrentHashMap.newKeySet();
            AtomicLong ids = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (child.isAlive()) {
                        long id = ids.incrementAndGet();
                        try {
                            HttpResponse<Void> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work/" + id))
                                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            if (res.statusCode() == 202) acknowledged.add(id);
                        } catch (IOException e) {
                            // refused or reset once the server stops: not acknowledged
                            cutOff.add(id);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            // SIGTERM once the load is well under way (a count, not a time: the machine may be slow).
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acknowledged.size() < 60 && System.nanoTime() < until) Thread.sleep(20);
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(grace.toSeconds() + 30, TimeUnit.SECONDS)).as("the child exits after SIGTERM").isTrue();
            for (Thread t : clients) t.join(Duration.ofSeconds(25));
            Set<Long> done = new HashSet<>();
            if (Files.exists(marker)) {
                for (String line : Files.readAllLines(marker)) done.add(Long.parseLong(line.substring("done ".length())));
            }
            String text = Files.readString(log);
            Set<Long> named = new HashSet<>();
            Matcher m = NAMED.matcher(text);
            while (m.find()) named.add(Long.parseLong(m.group(2)));
            return new Outcome(acknowledged, cutOff, done, named, text, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }

    private static int awaitPort(Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log)) if (line.startsWith("PORT ")) return Integer.parseInt(line.substring(5).trim());
            }
            if (!child.isAlive()) throw new AssertionError("the child died:\n" + Files.readString(log));
            Thread.sleep(50);
        }
        throw new AssertionError("the child did not start:\n" + Files.readString(log));
    }
}
