import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/websocket's load client: N WebSocket connections on one or two Netty loops, with as little
 * work per message as a client can do: no frame objects, no text decoding. Every message's latency
 * (the client's clock when the read that carried it began, minus the server's clock written in its
 * first 16 bytes, both wall clocks in microseconds on the same machine) goes into a histogram with
 * 0.2 % resolution; no sampling. Connection 0 is the paused client: a 4 KiB receive buffer and
 * autoRead off once its handshake is done; at the end it reads what was left for it, to learn how
 * the server closed it.
 *
 * <pre>
 * java WsLoad NAME SERVER_PID HOST PORT N RATE SECONDS [LOOPS] [HANDSHAKES]
 * </pre>
 * Prints key=value lines as it goes, then one markdown table row (the last line) for the server
 * called NAME, whose process (SERVER_PID) it reads the CPU time of in /proc.
 */
public final class WsLoad {
    static final byte[] UPGRADE_TAIL = (" HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    final int n;
    final int[] delivered;
    final int[] closeCode; // 0 = open; the code of the close frame read, or -1 if the connection went without one
    final long[] closedAtMillis;
    final List<Histogram> histograms = new CopyOnWriteArrayList<>();
    final ThreadLocal<Histogram> histogram = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram();
        histograms.add(h);
        return h;
    });
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    volatile String firstFailure;
    String name;
    long pid;

    WsLoad(int n) {
        this.n = n;
        delivered = new int[n];
        closeCode = new int[n];
        closedAtMillis = new long[n];
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long pid = Long.parseLong(args[1]);
        String host = args[2];
        int port = Integer.parseInt(args[3]);
        int n = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int seconds = Integer.parseInt(args[6]);
        int loops = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        int maxHandshakes = args.length > 8 ? Integer.parseInt(args[8]) : 200;
        WsLoad load = new WsLoad(n);
        load.name = name;
        load.pid = pid;
        try {
            load.run(host, port, rate, seconds, loops, maxHandshakes);
        } catch (Exception e) {
            // e.g. a server that stopped answering /stats; the loops' threads must not keep the JVM up
            System.out.println("failed: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    void run(String host, int port, int rate, int seconds, int loops, int maxHandshakes) throws Exception {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, io);
        Channel[] channels = new Channel[n];
        // Bounded handshakes in flight: no SYN storm, no accept-queue overflow on the server.
        Semaphore inFlight = new Semaphore(maxHandshakes);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("handshakes stalled at " + i);
            int id = i;
            Bootstrap b = new Bootstrap().group(group).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new Conn(id, inFlight));
                        }
                    });
            if (id == 0) b.option(ChannelOption.SO_RCVBUF, 4096);
            ChannelFuture f = b.connect(new InetSocketAddress(host, port));
            channels[i] = f.channel();
            f.addListener(x -> {
                if (!x.isSuccess()) {
                    fail(id, x.cause());
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(maxHandshakes); // every handshake ended, one way or the other
        double connectSeconds = (System.nanoTime() - t0) / 1e9;
        HttpClient http = HttpClient.newHttpClient();
        out("transport", epoll ? "epoll" : "nio");
        out("connected", handshakes.get() + " of " + n + " in " + String.format(Locale.ROOT, "%.1f", connectSeconds) + " s"
                + (failures.get() > 0 ? " (" + failures.get() + " failed, first: " + firstFailure + ")" : ""));
        String before = get(http, host, port, "/stats");
        out("statsBefore", before);
        long allocated0 = num(get(http, host, port, "/stats?gc=false"), "allocatedBytes");
        long cpu0 = cpuMillis(pid);
        long wall0 = System.currentTimeMillis();
        get(http, host, port, "/start?rate=" + rate + "&seconds=" + seconds);
        // Halfway, what is live on the server's heap (after its last collection: forcing one would
        // stop the server in the middle of the run and show up in the latencies).
        Thread.sleep(seconds * 500L);
        String middle = get(http, host, port, "/stats?gc=false");
        out("statsMiddle", middle);
        Thread.sleep(seconds * 500L);
        // Then until the broadcaster has stopped and deliveries have stopped growing (at most 30 s):
        // a server that fell behind is still sending what it queued.
        String stats = get(http, host, port, "/stats?gc=false");
        long last = -1;
        for (int i = 0; i < 60; i++) {
            long now = total();
            if (stats.contains("\"running\":false") && now == last) break;
            last = now;
            Thread.sleep(500);
            stats = get(http, host, port, "/stats?gc=false");
        }
        long cpu = cpuMillis(pid) - cpu0;
        long allocated = num(get(http, host, port, "/stats?gc=false"), "allocatedBytes");
        long wall = System.currentTimeMillis() - wall0; // the broadcast and the drain after it
        String after = get(http, host, port, "/stats");
        out("statsAfter", after);
        Histogram all = new Histogram();
        for (Histogram h : histograms) all.add(h);
        String closedCodes = codes();
        int readersClosed = 0;
        int readersComplete = 0;
        int max = 0;
        for (int i = 1; i < n; i++) max = Math.max(max, delivered[i]);
        for (int i = 1; i < n; i++) {
            if (closeCode[i] != 0) readersClosed++;
            if (delivered[i] == max) readersComplete++;
        }
        out("delivered", total());
        out("readers", n - 1);
        out("readersWithMost", readersComplete + " got " + max);
        out("readersClosed", readersClosed + closedCodes);
        out("p50ms", all.percentileMillis(50));
        out("p99ms", all.percentileMillis(99));
        out("maxms", all.percentileMillis(100));
        // The paused client: read now what the server left for it, to see how it ended.
        Channel paused = channels[0];
        int pausedBefore = delivered[0];
        String fate;
        if (closeCode[0] != 0) {
            fate = "closed before the end, code " + closeCode[0];
        } else if (paused.isActive()) {
            paused.eventLoop().execute(() -> {
                paused.pipeline().get(Conn.class).paused = false;
                paused.config().setAutoRead(true);
                paused.read();
            });
            for (int i = 0; i < 50 && closeCode[0] == 0; i++) Thread.sleep(100);
            fate = closeCode[0] == 0 ? "still open: had read " + pausedBefore + " messages, then " + (delivered[0] - pausedBefore) + " more and no close"
                    : closeCode[0] == -1 ? "the server cut it without a close frame (after " + delivered[0] + " messages)"
                    : "closed with " + closeCode[0] + " (read " + delivered[0] + " messages, " + pausedBefore + " before pausing ended)";
        } else {
            fate = "connection gone";
        }
        out("paused", fate);
        long made = num(after, "broadcasts");
        String row = String.join(" | ", name,
                handshakes.get() + " of " + n,
                made + " of " + num(after, "planned"),
                String.format(Locale.ROOT, "%,d of %,d (%.1f %%)", total(), made * (n - 1), 100.0 * total() / Math.max(1, made * (n - 1))),
                all.percentileMillis(50), all.percentileMillis(99), all.percentileMillis(100),
                num(before, "heapUsedMiB") + " / " + num(middle, "heapAfterLastGcMiB") + " / " + num(after, "heapUsedMiB"),
                num(before, "rssMiB") + " / " + num(after, "rssMiB"),
                readersClosed + closedCodes,
                num(after, "refusedSends") + "",
                fate + (num(after, "pausedCode") > 0 ? "; the server closed it (" + num(after, "pausedCode") + ") "
                        + num(after, "pausedClosedAfterMs") / 1000 + " s into the run" : "; the server did not close it"),
                String.format(Locale.ROOT, "%.0f %%", 100.0 * cpu / Math.max(1, wall)),
                total() == 0 ? "-" : String.format(Locale.ROOT, "%.1f", cpu * 1000.0 / total()),
                total() == 0 ? "-" : String.format(Locale.ROOT, "%.0f", (double) (allocated - allocated0) / total()));
        System.out.println("| " + row + " |");
        for (Channel c : channels) if (c != null && c.isActive()) c.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    static long num(String json, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\":(-?\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** User and system CPU time of process {@code pid} so far, from /proc (clock ticks taken as 100 a second). */
    static long cpuMillis(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return -1;
        }
    }

    long total() {
        long t = 0;
        for (int i = 1; i < n; i++) t += delivered[i];
        return t;
    }

    String codes() {
        java.util.TreeMap<Integer, Integer> byCode = new java.util.TreeMap<>();
        for (int i = 1; i < n; i++) if (closeCode[i] != 0) byCode.merge(closeCode[i], 1, Integer::sum);
        return byCode.isEmpty() ? "" : " " + byCode.toString().replace("-1=", "no-close-frame=");
    }

    void fail(int id, Throwable cause) {
        failures.incrementAndGet();
        if (firstFailure == null) firstFailure = "connection " + id + ": " + cause;
    }

    static void out(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    static String get(HttpClient http, String host, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path)).timeout(java.time.Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString()).body().replaceAll("\\s+", "");
    }

    static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    /** One connection: the upgrade, then frames parsed in place in Netty's cumulation buffer. */
    final class Conn extends ByteToMessageDecoder {
        final int id;
        final Semaphore inFlight;
        boolean upgraded;
        boolean released;
        boolean paused;

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
            // ByteToMessageDecoder asks for another read when autoRead is off and nothing was
            // decoded, which is always here (frames are counted, not passed on): the paused
            // client must really stop reading.
            if (paused) ctx.fireChannelReadComplete();
            else super.channelReadComplete(ctx);
        }

        Conn(int id, Semaphore inFlight) {
            this.id = id;
            this.inFlight = inFlight;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ByteBuf req = ctx.alloc().buffer(200);
            req.writeCharSequence(id == 0 ? "GET /room?paused=1" : "GET /room", StandardCharsets.US_ASCII);
            req.writeBytes(UPGRADE_TAIL);
            ctx.writeAndFlush(req);
            super.channelActive(ctx);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            if (!upgraded) {
                int end = indexOfHeadEnd(in);
                if (end < 0) return;
                String head = in.toString(in.readerIndex(), Math.min(end, 12), StandardCharsets.US_ASCII);
                in.readerIndex(end + 4);
                handshakeEnded();
                if (!head.startsWith("HTTP/1.1 101")) {
                    fail(id, new IllegalStateException("handshake answered " + head));
                    ctx.close();
                    return;
                }
                upgraded = true;
                handshakes.incrementAndGet();
                if (id == 0) {
                    paused = true;
                    ctx.channel().config().setAutoRead(false);
                }
            }
            long now = -1;
            Histogram h = null;
            while (in.readableBytes() >= 2) {
                int at = in.readerIndex();
                int b0 = in.getUnsignedByte(at);
                int len = in.getUnsignedByte(at + 1) & 0x7f; // server frames are not masked
                int header = 2;
                if (len == 126) {
                    if (in.readableBytes() < 4) return;
                    len = in.getUnsignedShort(at + 2);
                    header = 4;
                } else if (len == 127) {
                    if (in.readableBytes() < 10) return;
                    len = (int) in.getLong(at + 2);
                    header = 10;
                }
                if (in.readableBytes() < header + len) return;
                int opcode = b0 & 0x0f;
                int payload = at + header;
                if (opcode == 1 && len >= 16) {
                    if (now < 0) {
                        now = micros(); // one clock read per batch of frames: when this read's bytes were taken
                        h = histogram.get();
                    }
                    long sent = 0;
                    for (int i = 0; i < 16; i++) sent = sent * 10 + (in.getByte(payload + i) - '0');
                    h.record(now - sent);
                    delivered[id]++;
                } else if (opcode == 8) {
                    closeCode[id] = len >= 2 ? in.getUnsignedShort(payload) : 1005;
                    closedAtMillis[id] = System.currentTimeMillis();
                    in.skipBytes(in.readableBytes());
                    ctx.close();
                    return;
                } else if (opcode == 9) {
                    // a pong with the ping's payload, masked with a zero key (a client must mask)
                    ByteBuf pong = ctx.alloc().buffer(6 + len);
                    pong.writeByte(0x8A).writeByte(0x80 | len).writeInt(0).writeBytes(in, payload, len);
                    ctx.writeAndFlush(pong);
                }
                in.readerIndex(at + header + len);
            }
        }

        private void handshakeEnded() {
            if (!released) {
                released = true;
                inFlight.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (closeCode[id] == 0) {
                closeCode[id] = -1;
                closedAtMillis[id] = System.currentTimeMillis();
            }
            if (!released) fail(id, new IllegalStateException("closed during the handshake"));
            handshakeEnded();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static int indexOfHeadEnd(ByteBuf in) {
        for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
            if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') return i;
        }
        return -1;
    }

    /** Latencies in microseconds: exact below 1 024, then 512 buckets per power of two (0.2 %). */
    static final class Histogram {
        final long[] counts = new long[1024 + 40 * 512];
        long total;

        void record(long micros) {
            long v = Math.max(0, micros);
            int i;
            if (v < 1024) {
                i = (int) v;
            } else {
                int m = 63 - Long.numberOfLeadingZeros(v); // >= 10
                i = 1024 + (m - 10) * 512 + (int) ((v >>> (m - 9)) & 511);
                if (i >= counts.length) i = counts.length - 1;
            }
            counts[i]++;
            total++;
        }

        void add(Histogram o) {
            for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
            total += o.total;
        }

        static long valueOf(int i) {
            if (i < 1024) return i;
            int m = (i - 1024) / 512 + 10;
            int sub = (i - 1024) % 512;
            return (long) (512 + sub) << (m - 9);
        }

        String percentileMillis(double p) {
            if (total == 0) return "-";
            long rank = p >= 100 ? total : (long) Math.ceil(total * p / 100.0);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) return String.format(Locale.ROOT, "%.1f", valueOf(i) / 1000.0);
            }
            return "-";
        }
    }
}
