import dev.duet.App;
import dev.duet.hub.Hub;
import dev.duet.ws.WebSocket;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/websocket's Duet server: one {@link Hub} room of WebSockets and a broadcaster.
 *
 * <pre>
 * java WsBench netty|jetty PORT_FILE
 *   /room                            a WebSocket that joins the room
 *   GET /start?rate=R&amp;seconds=S      a thread broadcasts a 1 KB text R times a second for S seconds
 *   GET /stats[?gc=false]            sockets, closes, broadcasts, heap after a GC, RSS (JSON)
 * </pre>
 * Each message starts with the server's wall clock in microseconds (16 digits) when it was
 * broadcast; the client shares the machine and its clock. The broadcaster stops at the deadline
 * even if it fell behind (it then broadcasts back to back to catch up, never sleeping), so a run
 * lasts what it was asked to; /stats says how many broadcasts it made.
 */
public class WsBench {
    public static void main(String[] args) throws Exception {
        App app = App.create();
        Hub hub = Hub.inMemory();
        Stats stats = new Stats();
        app.get("/room", req -> WebSocket.acceptAsync(new WebSocket.AsyncHandler() {
            private final boolean paused = req.query("paused") != null; // the client that never reads says so

            @Override
            public CompletionStage<?> onOpen(WebSocket ws) {
                stats.open.incrementAndGet();
                hub.join("room", message -> {
                    ws.sendText(message).exceptionally(e -> {
                        stats.refused.incrementAndGet();
                        return null;
                    });
                    return ws.isOpen();
                });
                return WebSocket.DONE;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                stats.closed(code, paused);
                return WebSocket.DONE;
            }
        }));
        app.get("/start", req -> {
            int rate = Integer.parseInt(req.query("rate"));
            int seconds = Integer.parseInt(req.query("seconds"));
            stats.start(rate, seconds, message -> hub.broadcast("room", message));
            return "started";
        });
        app.get("/stats", req -> stats.json(!"false".equals(req.query("gc"))));
        int port = app.start(dev.duet.spi.ServerCore.named(args[0].equals("jetty") ? "servlet" : "netty")).port();
        Files.writeString(Path.of(args[1]), Integer.toString(port));
    }

    /** What both bench servers count and report (the Vert.x one has its own copy: it is a separate build). */
    static final class Stats {
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger closed1008 = new AtomicInteger();
        final AtomicInteger closedOther = new AtomicInteger();
        final AtomicLong refused = new AtomicLong();
        final AtomicLong broadcasts = new AtomicLong();
        volatile long startMillis;
        volatile long first1008Millis = -1;
        volatile boolean running;
        volatile long planned;
        volatile int pausedCode; // 0 while the paused client's socket is open
        volatile long pausedClosedMillis = -1;

        void closed(int code, boolean paused) {
            open.decrementAndGet();
            if (paused) {
                pausedCode = code;
                pausedClosedMillis = startMillis == 0 ? 0 : System.currentTimeMillis() - startMillis;
            }
            if (code == 1008) {
                if (closed1008.getAndIncrement() == 0 && startMillis > 0) first1008Millis = System.currentTimeMillis() - startMillis;
            } else {
                closedOther.incrementAndGet();
            }
        }

        void start(int rate, int seconds, java.util.function.Consumer<String> broadcast) {
            planned = (long) rate * seconds;
            startMillis = System.currentTimeMillis();
            running = true;
            Thread.ofPlatform().name("broadcaster").start(() -> {
                String pad = "x".repeat(1024 - 17);
                long period = 1_000_000_000L / rate;
                long begin = System.nanoTime();
                long end = begin + seconds * 1_000_000_000L;
                for (long i = 0; i < planned; i++) {
                    long wait = begin + i * period - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                    if (System.nanoTime() - end > 0) break;
                    broadcast.accept(String.format("%016d|", micros()) + pad);
                    broadcasts.incrementAndGet();
                }
                running = false;
            });
        }

        String json(boolean gc) {
            if (gc) System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return "{\"open\":" + open + ",\"closed1008\":" + closed1008 + ",\"first1008AfterMs\":" + first1008Millis + ",\"pausedCode\":" + pausedCode
                    + ",\"pausedClosedAfterMs\":" + pausedClosedMillis
                    + ",\"closedOther\":" + closedOther + ",\"refusedSends\":" + refused + ",\"broadcasts\":" + broadcasts
                    + ",\"planned\":" + planned + ",\"running\":" + running + ",\"heapUsedMiB\":" + heap.getUsed() / (1024 * 1024)
                    + ",\"gc\":" + gc + ",\"rssMiB\":" + rss() / 1024 + ",\"allocatedBytes\":" + allocated() + ",\"heapAfterLastGcMiB\":" + heapAfterLastGc() / (1024 * 1024) + "}";
        }
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** The heap in use just after the last collection, young or not: what is live, without forcing a GC mid-run. */
    static long heapAfterLastGc() {
        long used = -1;
        long last = -1;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            var info = ((com.sun.management.GarbageCollectorMXBean) gc).getLastGcInfo();
            if (info == null || info.getEndTime() < last) continue;
            last = info.getEndTime();
            used = 0;
            for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
                var after = info.getMemoryUsageAfterGc().get(pool.getName());
                if (after != null && pool.getType() == java.lang.management.MemoryType.HEAP) used += after.getUsed();
            }
        }
        return used;
    }

    /** Bytes the JVM's threads have allocated on the heap so far (what a broadcast costs the GC). */
    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    static long rss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
