package dev.duet.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A crowd of slow clients for {@link SlowClientsSuite}, all driven by one platform thread over
 * non-blocking sockets: each sends its prefix at once, then the rest of its request a byte every
 * {@code everyMillis}, until the server answers or closes; then it is recorded ({@link Cut}) and a
 * new one takes its place on a new connection, until {@link #close()}. One thread and a selector,
 * not a thread per client, so that the crowd costs the server's JVM (the same process) as little
 * as possible: a virtual thread per client would compete for the very carrier threads the
 * server's blocking handlers run on, and the test would measure itself.
 */
final class Dribblers implements AutoCloseable {
    /** How long after its answer a client waits for the server to close before it says "not closed". */
    static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(3);

    /**
     * One client's fate: the status it got (0 if closed without an answer), the time from its
     * first byte to that answer (or the close), whether the server closed, and how much of its
     * request of {@code length} bytes it had sent.
     */
    record Cut(int status, long millis, boolean closed, int sent, int length) {
    }

    /** What one kind of client sends. */
    record Kind(String prefix, String slow) {
    }

    private final class Client {
        final Kind kind;
        final SocketChannel ch;
        final long t0;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        int sent;
        long nextWrite;
        long answeredAt;

        Client(Kind kind) throws IOException {
            this.kind = kind;
            ch = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            t0 = System.nanoTime(); // the request starts arriving now: the server's read clock starts no earlier
            ch.write(ByteBuffer.wrap(kind.prefix().getBytes(StandardCharsets.ISO_8859_1)));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, this);
            nextWrite = t0;
        }
    }

    private final int port;
    private final List<Kind> kinds;
    private final long everyNanos;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean stop;
    final List<Cut> cuts = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();

    /** Starts one client per element of {@code kinds}, each sending its kind's bytes. */
    Dribblers(int port, List<Kind> kinds, int everyMillis) throws IOException {
        this.port = port;
        this.kinds = kinds;
        this.everyNanos = TimeUnit.MILLISECONDS.toNanos(everyMillis);
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name("dribblers").daemon().start(this::run);
    }

    private void run() {
        List<Client> clients = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        try {
            for (Kind k : kinds) clients.add(new Client(k));
            while (!stop) {
                selector.select(5);
                long now = System.nanoTime();
                for (SelectionKey key : selector.selectedKeys()) {
                    Client c = (Client) key.attachment();
                    if (!readAll(c, buf, now)) finish(clients, c, true, now);
                }
                selector.selectedKeys().clear();
                for (int i = 0; i < clients.size() && !stop; i++) {
                    Client c = clients.get(i);
                    if (!c.ch.isOpen()) continue;
                    if (c.answeredAt != 0) {
                        if (now - c.answeredAt > CLOSE_WAIT_NANOS) finish(clients, c, false, now);
                    } else if (now - c.nextWrite >= 0 && c.sent < c.kind.slow().length()) {
                        try {
                            c.ch.write(ByteBuffer.wrap(new byte[] {(byte) c.kind.slow().charAt(c.sent)}));
                            c.sent++;
                        } catch (IOException cutWhileSending) {
                            // the answer, if any, is read when the selector reports it
                        }
                        c.nextWrite += everyNanos;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!stop) errors.add(e.toString());
        } finally {
            for (Client c : clients) close(c);
            try {
                selector.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }

    /** Reads what has come; false at the end of the stream (or a reset). */
    private static boolean readAll(Client c, ByteBuffer buf, long now) {
        try {
            int n;
            buf.clear();
            while ((n = c.ch.read(buf)) > 0) {
                c.got.write(buf.array(), 0, n);
                buf.clear();
                if (c.answeredAt == 0) c.answeredAt = now;
            }
            return n >= 0;
        } catch (IOException reset) {
            return false;
        }
    }

    /** Records {@code c}'s fate and puts a fresh client in its place. */
    private void finish(List<Client> clients, Client c, boolean closed, long now) throws IOException {
        if (!c.ch.isOpen()) return;
        long at = c.answeredAt != 0 ? c.answeredAt : now;
        cuts.add(new Cut(status(c.got.toString(StandardCharsets.ISO_8859_1)), TimeUnit.NANOSECONDS.toMillis(at - c.t0), closed,
                c.kind.prefix().length() + c.sent, c.kind.prefix().length() + c.kind.slow().length()));
        close(c);
        if (!stop) clients.set(clients.indexOf(c), new Client(c.kind));
    }

    private static int status(String raw) {
        if (!raw.startsWith("HTTP/")) return 0;
        String[] parts = raw.split(" ", 3);
        try {
            return parts.length < 2 ? 0 : Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void close(Client c) {
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** Stops the crowd and closes every client still dribbling (those are not recorded). */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
