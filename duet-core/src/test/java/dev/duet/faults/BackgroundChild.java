package dev.duet.faults;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.Response;
import dev.duet.conformance.JdkHttpServerCore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The child JVM of {@link SigtermBackgroundTasksTest}: {@code POST /work/{id}} queues a background
 * task that works a while (odd ids the given time, even ones 50 ms), then appends {@code done ID}
 * to the marker file, and answers 202 at once. Arguments: marker file, shutdown grace (ms), task duration (ms). Prints
 * {@code PORT n} once serving; SIGTERM runs Duet's shutdown hook.
 */
public final class BackgroundChild {
    private BackgroundChild() {
    }

    /** Serves until SIGTERM. */
    public static void main(String[] args) throws Exception {
        Path marker = Path.of(args[0]);
        Duration grace = Duration.ofMillis(Long.parseLong(args[1]));
        long workMillis = Long.parseLong(args[2]);
        App app = App.create(Config.builder().host("127.0.0.1").port(0).shutdownGrace(grace).build());
        app.post("/work/{id:long}", req -> {
            long id = req.pathLong("id");
            req.tasks().background(() -> {
                // The task's "work" (odd ids: the given time; even ids: 50 ms). An interrupt (the
                // drain timed out) ends it unmarked.
                Thread.sleep(id % 2 == 1 ? workMillis : 50);
                Files.writeString(marker, "done " + id + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            });
            return Response.status(202, "queued");
        });
        app.start(new JdkHttpServerCore());
        System.out.println("PORT " + app.port());
        System.out.flush();
        Thread.currentThread().join(); // the shutdown hook stops the app; the JVM exits when it is done
    }
}
