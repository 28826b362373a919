package dev.duet.cli.internal.dev;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The public port of {@code duet run}: it stays open across reloads and pipes each connection,
 * byte for byte, to the generation that is current when the connection arrives (which listens on
 * a loopback port of its own). Duet's cores bind their own sockets and an app cannot be swapped
 * inside a running core, so this is what keeps connections from being refused during a reload.
 * Being a byte pipe, it carries keep-alive, SSE and WebSockets unchanged. One virtual thread per
 * direction per connection: a dev server has few connections.
 */
final class Front implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Front.class);
    private static final int BUFFER = 16 * 1024;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(60);

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int target = -1;
    private final CountDownLatch first = new CountDownLatch(1);
    private volatile boolean closed;

    /** Binds {@code host:port} (0 picks a free port) now, so that the address is taken before the first compile. */
    Front(String host, int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        Thread.ofPlatform().daemon().name("duet-run-front").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sends connections that arrive from now on to the loopback {@code port}; earlier ones stay where they are. */
    void target(int port) {
        this.target = port;
        first.countDown();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) log.warn("duet run: accepting a connection failed: {}", e.toString());
                continue;
            }
            Thread.ofVirtual().name("duet-run-pipe").start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        open.add(client);
        Socket backend = new Socket();
        int to = -1;
        try {
            // A browser that comes during the first compile waits for it rather than being turned away.
            if (!first.await(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("no generation of the app is serving yet after " + FIRST_WAIT.toSeconds() + " s");
            }
            to = target;
            client.setTcpNoDelay(true);
            backend.setTcpNoDelay(true);
            backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), to));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(client);
            open.remove(client);
            return;
        } catch (IOException e) {
            log.warn("duet run: could not reach the app on port {}: {}", to, e.toString());
            closeQuietly(client);
            closeQuietly(backend);
            open.remove(client);
            return;
        }
        open.add(backend);
        Thread up = Thread.ofVirtual().name("duet-run-pipe-up").start(() -> copy(client, backend));
        copy(backend, client);
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(client);
        closeQuietly(backend);
        open.remove(client);
        open.remove(backend);
    }

    /** Copies until {@code from} ends, then passes the end on (a half close), as a direct connection would. */
    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (SocketException e) {
            // one side reset or closed: end both, as the peer of a direct connection would see it
            closeQuietly(from);
            closeQuietly(to);
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing left to tell
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        open.forEach(Front::closeQuietly);
    }
}
