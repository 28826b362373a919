package dev.duet.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay in front of the real Redis, which a test can cut ({@link #cut}: every connection
 * dropped, new ones closed at once, as when Redis goes down), silence ({@link #silence}: connections
 * kept and what they carry dropped, as when Redis hangs) or {@link #restore}. Redis itself is never
 * touched: other tests share it.
 */
final class TcpProxy implements AutoCloseable {
    enum Mode { FORWARD, CUT, SILENT }

    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.FORWARD;

    TcpProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    String uri() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    void cut() {
        mode = Mode.CUT;
        closeAll();
    }

    void silence() {
        mode = Mode.SILENT; // connections stay open; what they carry is dropped from now on
    }

    void restore() {
        mode = Mode.FORWARD;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                switch (mode) {
                    case CUT -> client.close();
                    case SILENT -> {
                        open.add(client);
                        Thread.ofVirtual().start(() -> pump(client, OutputStream.nullOutputStream()));
                    }
                    case FORWARD -> {
                        Socket redis = new Socket(InetAddress.getLoopbackAddress(), target);
                        open.add(client);
                        open.add(redis);
                        Thread.ofVirtual().start(() -> pump(client, redis));
                        Thread.ofVirtual().start(() -> pump(redis, client));
                    }
                }
            } catch (IOException e) {
                // the server socket closed, or one connection failed: go on until closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try {
            pump(from, to.getOutputStream());
        } catch (IOException e) {
            // closed
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    private void pump(Socket from, OutputStream to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (mode == Mode.FORWARD) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void closeAll() {
        for (Socket s : open) quietly(s);
        open.clear();
    }

    private static void quietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closeAll();
    }
}
