package dev.duet.test;

import dev.duet.spi.WebSocketAccept;
import dev.duet.spi.WebSocketPeer;
import dev.duet.spi.WebSocketTransport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket opened by {@link TestClient#websocket}, without a server: frames go straight to the
 * app's socket on the test client's event loop, and what the app sends waits here until
 * {@link #receive} takes it. A message counts as written (and leaves the app's
 * {@code queuedBytes()}) only once received, so a test that stops receiving is a client that
 * stops reading.
 *
 * <pre>{@code
 * try (TestWebSocket ws = client.websocket("/echo")) {
 *     ws.sendText("hi");
 *     assertThat(ws.receiveText()).isEqualTo("you said: hi");
 * }
 * }</pre>
 */
public final class TestWebSocket implements AutoCloseable {
    /** What the app sent: a text or binary message, or its close frame ({@link Type#CLOSE}, with code and reason). */
    public record Message(Type type, byte[] data, int code, String reason) {
        /** The kind of a message received. */
        public enum Type { TEXT, BINARY, CLOSE }

        /** The data decoded as UTF-8 (a text message's text). */
        public String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** The message {@link #receive} gives once the connection has ended without (another) close frame: code 1006. */
    static final Message ENDED = new Message(Message.Type.CLOSE, new byte[0], 1006, "the connection ended");

    private record Item(Message message, CompletableFuture<Void> written) {
    }

    private final TestResponse handshake;
    private final Executor loop;
    private final LinkedBlockingQueue<Item> received = new LinkedBlockingQueue<>();
    private volatile WebSocketPeer peer;
    private volatile boolean answerPings = true;
    private volatile boolean ended;
    private Duration timeout = Duration.ofSeconds(10);

    TestWebSocket(TestResponse handshake, WebSocketAccept accept, Executor loop) {
        this.handshake = handshake;
        this.loop = loop;
        if (accept != null) {
            loop.execute(() -> {
                peer = accept.open(new Transport());
                peer.opened();
            });
        } else {
            ended = true;
        }
    }

    /** The handshake's answer: 101 if the app switched, else its refusal (status, headers, body). */
    public TestResponse handshake() {
        return handshake;
    }

    /** The handshake's status: 101, or the refusal's. */
    public int status() {
        return handshake.status();
    }

    /** How long {@link #receive()} waits (10 s). */
    public TestWebSocket timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Sends a text message. */
    public void sendText(String text) {
        frame(WebSocketPeer.Frame.TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Sends a binary message. */
    public void sendBinary(byte[] data) {
        frame(WebSocketPeer.Frame.BINARY, data.clone(), true);
    }

    /** Sends one text message in {@code parts.length} fragments (a text frame, then continuations). */
    public void sendFragmented(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            frame(i == 0 ? WebSocketPeer.Frame.TEXT : WebSocketPeer.Frame.CONTINUATION,
                    parts[i].getBytes(StandardCharsets.UTF_8), i == parts.length - 1);
        }
    }

    /** Sends one raw frame, as a misbehaving client might. */
    public void frame(WebSocketPeer.Frame kind, byte[] payload, boolean last) {
        requireSwitched();
        loop.execute(() -> peer.frame(kind, ByteBuffer.wrap(payload), last));
    }

    /** Stops answering the app's pings, as a dead peer would. */
    public void ignorePings() {
        answerPings = false;
    }

    /** Sends a close frame; the app answers with its own, which {@link #receive} then gives. */
    public void close(int code, String reason) {
        requireSwitched();
        loop.execute(() -> peer.closeReceived(code, reason));
    }

    /** The next message the app sent, waiting up to the {@link #timeout}; an {@link AssertionError} if none comes. */
    public Message receive() {
        Message m = receive(timeout);
        if (m == null) throw new AssertionError("no WebSocket message within " + timeout);
        return m;
    }

    /** The next message the app sent, waiting up to {@code wait}; null if none came. A message after the end is code 1006. */
    public Message receive(Duration wait) {
        try {
            Item item = received.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (item == null) return null;
            if (item.message == ENDED) received.add(item); // the end stays the answer
            if (item.written != null) item.written.complete(null);
            return item.message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a WebSocket message", e);
        }
    }

    /** The next message, which must be text: its text. */
    public String receiveText() {
        Message m = receive();
        if (m.type() != Message.Type.TEXT) throw new AssertionError("expected a text message, got " + m.type() + " " + m.code());
        return m.text();
    }

    /** True once the app has cut the connection, or never switched. */
    public boolean ended() {
        return ended;
    }

    /** Closes normally if still open (the app sees code 1000). */
    @Override
    public void close() {
        if (!ended && peer != null) close(1000, "");
    }

    private void requireSwitched() {
        if (handshake.status() != 101) throw new IllegalStateException("the app refused the handshake: " + handshake);
    }

    /** The app's side of the connection: what it writes arrives in {@link #received}. */
    private final class Transport implements WebSocketTransport {
        @Override
        public CompletionStage<Void> send(boolean text, ByteBuffer payload) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            CompletableFuture<Void> written = new CompletableFuture<>();
            if (ended) return CompletableFuture.failedFuture(new IllegalStateException("the connection has ended"));
            received.add(new Item(new Message(text ? Message.Type.TEXT : Message.Type.BINARY, data, 0, null), written));
            return written;
        }

        @Override
        public void ping(ByteBuffer payload) {
            if (answerPings) loop.execute(() -> peer.pong());
        }

        @Override
        public CompletionStage<Void> sendClose(int code, String reason) {
            if (!ended) received.add(new Item(new Message(Message.Type.CLOSE, new byte[0], code, reason), null));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            if (ended) return;
            ended = true;
            received.add(new Item(ENDED, null));
            loop.execute(() -> peer.closed());
        }

        @Override
        public Executor loop() {
            return loop;
        }
    }
}
