import dev.duet.App;
import dev.duet.hub.Hub;
import dev.duet.ws.WebSocket;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/websocket: a broadcast to many WebSockets, one of which stops reading.
 *
 * <pre>
 * java WsBench server netty|jetty PORT_FILE      a room on /room; GET /start?rate=R&amp;seconds=S broadcasts 1 KB
 *                                                messages R times a second; GET /stats reports the heap and sockets
 * java WsBench client PORT N RATE SECONDS        N Netty clients (one paused), then the latency of every message
 * </pre>
 * Each message starts with the server's wall clock in microseconds when it was broadcast; client
 * and server share the machine, so the client's clock on arrival gives the latency.
 */
public class WsBench {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) server(args[1], Path.of(args[2]));
        else client(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    // ---- the server ----

    static void server(String core, Path portFile) throws Exception {
        App app = App.create();
        Hub hub = Hub.inMemory();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger closed1008 = new AtomicInteger();
        AtomicLong refused = new AtomicLong();
        app.get("/room", req -> WebSocket.acceptAsync(new WebSocket.AsyncHandler() {
            @Override
            public java.util.concurrent.CompletionStage<?> onOpen(WebSocket ws) {
                open.incrementAndGet();
                hub.join("room", message -> {
                    ws.sendText(message).exceptionally(e -> { refused.incrementAndGet(); return null; });
                    return ws.isOpen();
                });
                return WebSocket.DONE;
            }

            @Override
            public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                open.decrementAndGet();
                if (code == WebSocket.POLICY_VIOLATION) closed1008.incrementAndGet();
                return WebSocket.DONE;
            }
        }));
        String pad = "x".repeat(1024 - 17);
        app.get("/start", req -> {
            int rate = Integer.parseInt(req.query("rate"));
            int seconds = Integer.parseInt(req.query("seconds"));
            Thread.ofPlatform().name("broadcaster").start(() -> {
                long period = 1_000_000_000L / rate;
                long next = System.nanoTime();
                for (int i = 0; i < rate * seconds; i++) {
                    next += period;
                    long wait = next - System.nanoTime();
                    if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    hub.broadcast("room", String.format("%016d|", micros()) + pad);
                }
            });
            return "started";
        });
        app.get("/stats", req -> {
            System.gc();
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return Map.of("open", open.get(), "closed1008", closed1008.get(), "refusedSends", refused.get(),
                    "heapUsedMiB", heap.getUsed() / (1024 * 1024), "rssKiB", rss());
        });
        int port = app.start(dev.duet.spi.ServerCore.named(core.equals("jetty") ? "servlet" : "netty")).port();
        Files.writeString(portFile, Integer.toString(port));
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

    // ---- the client ----

    static void client(int port, int n, int rate, int seconds) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(4, NioIoHandler.newFactory());
        long[][] latencies = new long[n][];
        AtomicInteger[] counts = new AtomicInteger[n];
        CountDownLatch connected = new CountDownLatch(n);
        Channel[] channels = new Channel[n];
        URI uri = URI.create("ws://127.0.0.1:" + port + "/room");
        for (int i = 0; i < n; i++) {
            int id = i;
            latencies[i] = new long[rate * seconds + 16];
            counts[i] = new AtomicInteger();
            channels[i] = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(io.netty.channel.ChannelOption.SO_RCVBUF, 16 * 1024).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                            new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(uri,
                                    WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 65536)),
                            new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                                        connected.countDown();
                                        if (id == 0) ctx.channel().config().setAutoRead(false); // the paused client
                                    }
                                }

                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {
                                    long sent = Long.parseLong(f.content().toString(0, 16, java.nio.charset.StandardCharsets.US_ASCII));
                                    int k = counts[id].getAndIncrement();
                                    if (k < latencies[id].length) latencies[id][k] = micros() - sent;
                                }
                            });
                }
            }).connect("127.0.0.1", port).sync().channel();
        }
        if (!connected.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("not all clients connected");
        HttpClient http = HttpClient.newHttpClient();
        System.out.println("connected " + n + " clients (client 0 paused); stats " + get(http, port, "/stats"));
        get(http, port, "/start?rate=" + rate + "&seconds=" + seconds);
        Thread.sleep(seconds * 1000L + 2000);
        System.out.println("after " + seconds + " s: stats " + get(http, port, "/stats"));
        long total = 0;
        for (int i = 1; i < n; i++) total += Math.min(counts[i].get(), latencies[i].length);
        long[] all = new long[(int) total];
        int at = 0;
        for (int i = 1; i < n; i++) {
            int c = Math.min(counts[i].get(), latencies[i].length);
            System.arraycopy(latencies[i], 0, all, at, c);
            at += c;
        }
        Arrays.sort(all);
        long expected = (long) (n - 1) * rate * seconds;
        System.out.printf("delivered %d of %d messages to the %d reading clients; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                all.length, expected, n - 1, all[all.length / 2] / 1000.0, all[(int) (all.length * 0.99)] / 1000.0,
                all[all.length - 1] / 1000.0);
        System.out.println("paused client: open " + channels[0].isActive() + ", read " + counts[0].get());
        for (Channel c : channels) if (c.isActive()) c.writeAndFlush(new CloseWebSocketFrame(1000, "done"));
        group.shutdownGracefully().sync();
    }

    static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
