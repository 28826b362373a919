package dev.duet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dev mode's eye on the threads: an async link that keeps an event loop busy longer than the
 * threshold is reported once per route and link, with the stack where it was stuck; and a virtual
 * thread that stays pinned to its carrier (blocking inside a class initializer or under a native
 * frame) longer than the threshold is reported once per stack, from the JDK's own
 * {@code jdk.VirtualThreadPinned} event.
 */
final class Watchdog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.duet.watchdog");

    private static final class Slot {
        final Thread thread;
        volatile long start;
        volatile String where;

        Slot(Thread thread) {
            this.thread = thread;
        }
    }

    private final long thresholdNanos;
    private final Map<Thread, Slot> slots = new ConcurrentHashMap<>();
    private final ThreadLocal<Slot> local = ThreadLocal.withInitial(() -> {
        Slot s = new Slot(Thread.currentThread());
        slots.put(s.thread, s);
        return s;
    });
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final Thread scanner;
    private final jdk.jfr.consumer.RecordingStream pinned;
    private volatile boolean closed;

    Watchdog(Duration threshold) {
        this.thresholdNanos = threshold.toNanos();
        long period = Math.max(5, threshold.toMillis() / 4);
        this.scanner = Thread.ofPlatform().daemon().name("duet-watchdog").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                scan();
            }
        });
        this.pinned = watchPinning(threshold);
    }

    private jdk.jfr.consumer.RecordingStream watchPinning(Duration threshold) {
        try {
            var stream = new jdk.jfr.consumer.RecordingStream();
            stream.enable("jdk.VirtualThreadPinned").withThreshold(threshold).withStackTrace();
            stream.onEvent("jdk.VirtualThreadPinned", event -> {
                var frames = event.getStackTrace() == null ? java.util.List.<jdk.jfr.consumer.RecordedFrame>of()
                        : event.getStackTrace().getFrames();
                StringBuilder sb = new StringBuilder();
                for (var f : frames) {
                    sb.append("\n\tat ").append(f.getMethod().getType().getName()).append('.')
                            .append(f.getMethod().getName()).append(" line ").append(f.getLineNumber());
                }
                if (!reported.add("pinned:" + sb)) return;
                log.warn("A virtual thread was pinned to its carrier for {} ms, holding a carrier thread every other "
                        + "virtual thread could have used (usually blocking inside a static initializer or under a "
                        + "native frame). Where:{}", event.getDuration().toMillis(), sb);
            });
            stream.setMaxAge(Duration.ofSeconds(10));
            stream.startAsync();
            return stream;
        } catch (RuntimeException | Error e) {
            // JFR may be unavailable (a minimal runtime image): the loop watchdog still works.
            log.info("Pinned virtual threads will not be reported: JFR is unavailable ({})", e.toString());
            return null;
        }
    }

    void enter(Request req, String label) {
        Slot s = local.get();
        String route = req.method() + " " + (req.route() != null ? req.route() : req.path());
        s.where = label.endsWith(route) ? label : label + " (" + route + ")";
        s.start = System.nanoTime();
    }

    void exit() {
        local.get().start = 0;
    }

    private void scan() {
        long now = System.nanoTime();
        for (Slot s : slots.values()) {
            long start = s.start;
            if (start == 0 || now - start < thresholdNanos) continue;
            String where = s.where;
            StackTraceElement[] stack = s.thread.getStackTrace();
            if (s.start != start || !reported.add(where)) continue;
            StringBuilder sb = new StringBuilder();
            for (StackTraceElement e : stack) sb.append("\n\tat ").append(e);
            log.warn("Event loop thread {} blocked for more than {} ms in {}. Async code must not block: register "
                            + "the link as blocking (e.g. app.get instead of app.getAsync) or move the blocking call "
                            + "into req.tasks().offload(...). Where it was stuck:{}",
                    s.thread.getName(), thresholdNanos / 1_000_000, where, sb);
        }
    }

    @Override
    public void close() {
        closed = true;
        scanner.interrupt();
        if (pinned != null) pinned.close();
    }
}
