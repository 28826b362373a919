package bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/websocket's Vert.x 5 server, the counterpart of bench/websocket/WsBench.java (Duet): the
 * same endpoints, messages and broadcaster thread, and the same limit on a slow client, built
 * from Vert.x's own parts since Vert.x has no such limit of its own:
 * <ul>
 *   <li>the cap: {@code setWriteQueueMaxSize(256 KiB)} on each socket; a broadcast skips (and counts
 *       as refused) a socket whose {@code writeQueueFull()} is true, as Duet refuses a send over
 *       {@code wsMaxQueuedBytes};</li>
 *   <li>the deadline: the first refusal starts a 5 s Vert.x timer; the socket's {@code drainHandler}
 *       (its queue fell below half the cap) cancels it; if it fires, the socket is closed with 1008,
 *       as Duet does after {@code wsSlowClientTimeout}. The close frame queues behind the unread
 *       data, and Vert.x cuts the TCP connection when its {@code webSocketClosingTimeout} (set to 1 s,
 *       Duet's wait for the close answer) passes.</li>
 * </ul>
 * <pre>
 * java -cp ... bench.VertxWsBench PORT_FILE [MAX_QUEUED_BYTES] [SLOW_CLIENT_TIMEOUT_MS]
 * </pre>
 */
public final class VertxWsBench {
    static final class Sock {
        final ServerWebSocket ws;
        volatile long fullSince; // 0 while the client keeps up
        volatile boolean tooSlow; // closed by the deadline
        final boolean paused; // the client that never reads says so

        Sock(ServerWebSocket ws, boolean paused) {
            this.ws = ws;
            this.paused = paused;
        }
    }

    static final Set<Sock> sockets = ConcurrentHashMap.newKeySet();
    static final AtomicInteger open = new AtomicInteger();
    static final AtomicInteger closed1008 = new AtomicInteger();
    static final AtomicInteger closedOther = new AtomicInteger();
    static final AtomicLong refused = new AtomicLong();
    static final AtomicLong broadcasts = new AtomicLong();
    static volatile long startMillis;
    static volatile long first1008Millis = -1;
    static volatile boolean running;
    static volatile long planned;
    static volatile int pausedCode; // 0 while the paused client's socket is open
    static volatile long pausedClosedMillis = -1;

    public static void main(String[] args) throws Exception {
        int maxQueued = args.length > 1 ? Integer.parseInt(args[1]) : 256 * 1024;
        long slowTimeoutMs = args.length > 2 ? Long.parseLong(args[2]) : 5000;
        int loops = Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0).setWebSocketClosingTimeout(1);
        var server = vertx.createHttpServer(options)
                .webSocketHandler(ws -> {
                    if (!ws.path().equals("/room")) {
                        ws.close((short) 1008, "no such room");
                        return;
                    }
                    Sock s = new Sock(ws, ws.query() != null && ws.query().contains("paused"));
                    ws.setWriteQueueMaxSize(maxQueued);
                    ws.drainHandler(v -> s.fullSince = 0);
                    ws.closeHandler(v -> {
                        sockets.remove(s);
                        open.decrementAndGet();
                        if (!s.tooSlow) closedOther.incrementAndGet();
                        if (s.paused) {
                            Short code = ws.closeStatusCode();
                            pausedCode = s.tooSlow ? 1008 : code == null ? 1006 : code;
                            pausedClosedMillis = startMillis == 0 ? 0 : System.currentTimeMillis() - startMillis;
                        }
                    });
                    open.incrementAndGet();
                    sockets.add(s);
                })
                .requestHandler(req -> {
                    switch (req.path()) {
                        case "/start" -> {
                            start(vertx, Integer.parseInt(req.getParam("rate")), Integer.parseInt(req.getParam("seconds")), slowTimeoutMs);
                            req.response().end("started");
                        }
                        case "/stats" -> {
                            boolean gc = !"false".equals(req.getParam("gc"));
                            // GC off the event loop: it stops the world anyway, but the loop should not wait for the call
                            vertx.executeBlocking(() -> json(gc)).onSuccess(j -> req.response().end(j));
                        }
                        default -> req.response().setStatusCode(404).end();
                    }
                })
                .listen().toCompletionStage().toCompletableFuture().get();
        Files.writeString(Path.of(args[0]), Integer.toString(server.actualPort()));
    }

    static void start(Vertx vertx, int rate, int seconds, long slowTimeoutMs) {
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
                String message = String.format("%016d|", micros()) + pad;
                for (Sock s : sockets) send(vertx, s, message, slowTimeoutMs);
                broadcasts.incrementAndGet();
            }
            running = false;
        });
    }

    static void send(Vertx vertx, Sock s, String message, long slowTimeoutMs) {
        try {
            if (!s.ws.writeQueueFull()) {
                s.ws.writeTextMessage(message);
                return;
            }
        } catch (IllegalStateException closed) { // writeQueueFull() on a socket closed meanwhile
            return;
        }
        refused.incrementAndGet();
        if (s.fullSince != 0) return;
        long since = System.nanoTime();
        s.fullSince = since;
        vertx.setTimer(slowTimeoutMs, id -> {
            if (s.fullSince != since || s.ws.isClosed() || s.tooSlow) return; // a socket closing already is counted once
            s.tooSlow = true;
            if (closed1008.getAndIncrement() == 0) first1008Millis = System.currentTimeMillis() - startMillis;
            s.ws.close((short) 1008, "client too slow");
        });
    }

    static String json(boolean gc) {
        if (gc) System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return "{\"open\":" + open + ",\"closed1008\":" + closed1008 + ",\"first1008AfterMs\":" + first1008Millis + ",\"pausedCode\":" + pausedCode
                + ",\"pausedClosedAfterMs\":" + pausedClosedMillis
                + ",\"closedOther\":" + closedOther + ",\"refusedSends\":" + refused + ",\"broadcasts\":" + broadcasts
                + ",\"planned\":" + planned + ",\"running\":" + running + ",\"heapUsedMiB\":" + heap.getUsed() / (1024 * 1024)
                + ",\"gc\":" + gc + ",\"rssMiB\":" + rss() / 1024 + ",\"allocatedBytes\":" + allocated() + ",\"heapAfterLastGcMiB\":" + heapAfterLastGc() / (1024 * 1024) + "}";
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
