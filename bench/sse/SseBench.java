import dev.duet.App;
import dev.duet.Config;
import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.sse.EventStream;
import dev.duet.spi.ServerCore;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/sse: N event streams on one core, each a member of one in-memory hub room, fed M
 * broadcasts; clients are plain sockets on virtual threads in the same JVM. Reports the time to
 * open the streams, the heap each one holds, the time for every stream to receive every message,
 * and the time for every stream's onClose to run once the clients close their sockets.
 *
 *   java -cp ... SseBench netty|jetty STREAMS MESSAGES
 */
public final class SseBench {
    public static void main(String[] args) throws Exception {
        String core = args[0];
        int streams = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        Hub hub = Hub.inMemory();
        AtomicInteger open = new AtomicInteger();
        CountDownLatch allClosed = new CountDownLatch(streams);
        App app = App.create(Config.builder().host("127.0.0.1").port(0).maxInFlight(streams * 2).build());
        app.get("/room", req -> EventStream.push(sink -> {
            Membership m = hub.join("room", sink);
            open.incrementAndGet();
            sink.onClose(() -> {
                m.leave();
                allClosed.countDown();
            });
        }));
        app.start(ServerCore.named(core.equals("jetty") ? "servlet" : core));
        int port = app.port();

        long heapBefore = usedHeapAfterGc();
        CountDownLatch received = new CountDownLatch(streams);
        List<Socket> sockets = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < streams; i++) {
            Socket s = new Socket("127.0.0.1", port);
            sockets.add(s);
            OutputStream out = s.getOutputStream();
            out.write("GET /room HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                    int got = 0;
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("data: m") && ++got == messages) received.countDown();
                    }
                } catch (Exception e) {
                    // closed by the bench
                }
            });
        }
        while (hub.localCount("room") < streams) Thread.sleep(5);
        long opened = System.nanoTime() - t0;
        long heapOpen = usedHeapAfterGc();

        long t1 = System.nanoTime();
        for (int i = 0; i < messages; i++) hub.broadcast("room", "m" + i);
        boolean all = received.await(120, TimeUnit.SECONDS);
        long fanout = System.nanoTime() - t1;

        long t2 = System.nanoTime();
        for (Socket s : sockets) s.close();
        boolean closed = allClosed.await(60, TimeUnit.SECONDS);
        long closing = System.nanoTime() - t2;
        app.stop();

        System.out.printf("%-6s %6d streams: opened in %5d ms, %6.1f KiB heap each | %d messages to all: %6d ms (%s), %,.0f deliveries/s"
                        + " | all closed %s: onClose of the last %5d ms after the sockets closed%n",
                core, streams, opened / 1_000_000, (heapOpen - heapBefore) / 1024.0 / streams,
                messages, fanout / 1_000_000, all ? "all received" : "NOT ALL RECEIVED",
                (double) streams * messages / (fanout / 1e9), closed ? "yes" : "NO", closing / 1_000_000);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
