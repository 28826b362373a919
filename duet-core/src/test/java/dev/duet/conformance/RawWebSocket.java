package dev.duet.conformance;

import dev.duet.test.TestWebSocket;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A minimal RFC 6455 client over a plain socket, for the suite on real cores: it frames and masks
 * by hand so that it can also misbehave (fragments, stray continuations, bad UTF-8, no pongs, not
 * reading). Not for production.
 */
public final class RawWebSocket implements WsClient {
    private static final TestWebSocket.Message ENDED = new TestWebSocket.Message(TestWebSocket.Message.Type.CLOSE, new byte[0], 1006, "ended");

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final String body;
    private final LinkedBlockingQueue<TestWebSocket.Message> received = new LinkedBlockingQueue<>();
    private volatile boolean answerPings = true;
    private volatile boolean reading = true;

    /** Connects to {@code port} and sends the handshake for {@code path} with {@code extra} headers (a Host among them replaces the default). */
    public RawWebSocket(int port, String path, Map<String, String> extra) throws IOException {
        socket = new Socket();
        socket.setReceiveBufferSize(8192);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(20_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        if (extra.keySet().stream().noneMatch("Host"::equalsIgnoreCase)) req.append("Host: 127.0.0.1:").append(port).append("\r\n");
        req.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        req.append("Sec-WebSocket-Version: 13\r\n");
        extra.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        out.write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String statusLine = line(in);
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.merge(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        if (status == 101) {
            body = "";
            Thread.ofVirtual().name("raw-ws-reader").start(this::readFrames);
        } else {
            String length = headers.get("content-length");
            byte[] b = new byte[length == null ? 0 : Integer.parseInt(length)];
            in.readFully(b);
            body = new String(b, StandardCharsets.UTF_8);
            socket.close();
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) throw new EOFException("the connection ended in the handshake's answer");
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void readFrames() {
        ByteArrayOutputStream message = null;
        int messageOp = 0;
        try {
            while (true) {
                while (!reading) Thread.sleep(50);
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) len = in.readUnsignedShort();
                else if (len == 127) len = in.readLong();
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                int op = b0 & 0x0f;
                boolean fin = (b0 & 0x80) != 0;
                switch (op) {
                    case 9 -> { if (answerPings) frame(0xA, payload, true); }
                    case 0xA -> { }
                    case 8 -> {
                        int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                        String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        received.add(new TestWebSocket.Message(TestWebSocket.Message.Type.CLOSE, new byte[0], code, reason));
                    }
                    default -> {
                        if (op != 0) {
                            message = new ByteArrayOutputStream();
                            messageOp = op;
                        }
                        message.write(payload);
                        if (fin) {
                            received.add(new TestWebSocket.Message(messageOp == 1 ? TestWebSocket.Message.Type.TEXT
                                    : TestWebSocket.Message.Type.BINARY, message.toByteArray(), 0, null));
                            message = null;
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            received.add(ENDED);
        }
    }

    private synchronized void frame(int op, byte[] payload, boolean fin) {
        try {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write((fin ? 0x80 : 0) | op);
            if (payload.length < 126) {
                f.write(0x80 | payload.length);
            } else if (payload.length < 65536) {
                f.write(0x80 | 126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            } else {
                f.write(0x80 | 127);
                for (int i = 7; i >= 0; i--) f.write((int) ((long) payload.length >> (8 * i)));
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            f.write(mask);
            for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
            out.write(f.toByteArray());
            out.flush();
        } catch (IOException e) {
            // the server closed: what the test expects shows in receive()
        }
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String body() {
        return body;
    }

    @Override
    public void sendText(String text) {
        frame(1, text.getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void sendBinary(byte[] data) {
        frame(2, data, true);
    }

    @Override
    public void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) frame(i == 0 ? 1 : 0, parts[i].getBytes(StandardCharsets.UTF_8), i == parts.length - 1);
    }

    @Override
    public void sendStrayContinuation() {
        frame(0, "stray".getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public void sendInvalidUtf8() {
        frame(1, new byte[] {(byte) 0xc3, (byte) 0x28}, true);
    }

    @Override
    public void close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        frame(8, p, true);
    }

    @Override
    public void ignorePings() {
        answerPings = false;
    }

    @Override
    public void stopReading() {
        reading = false;
    }

    @Override
    public TestWebSocket.Message receive(Duration wait) {
        try {
            TestWebSocket.Message m = received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (m == ENDED) received.add(m);
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
