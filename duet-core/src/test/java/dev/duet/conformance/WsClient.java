package dev.duet.conformance;

import dev.duet.test.TestWebSocket;

import java.time.Duration;

/**
 * A WebSocket client for {@link WebSocketSuite}: the test client's {@link TestWebSocket} in-process,
 * {@link RawWebSocket} over a socket. Messages received are {@link TestWebSocket.Message}s; the end
 * of a connection without a close frame is a CLOSE with code 1006.
 */
public interface WsClient extends AutoCloseable {
    /** The handshake's status: 101, or the refusal's. */
    int status();

    /** A header of the handshake's answer, or null. */
    String header(String name);

    /** The handshake's answer's body (a refusal's message). */
    String body();

    void sendText(String text);

    void sendBinary(byte[] data);

    /** One text message in fragments. */
    void sendFragmented(String... parts);

    /** A continuation frame with no message begun: a protocol error. */
    void sendStrayContinuation();

    /** A text frame whose payload is not UTF-8. */
    void sendInvalidUtf8();

    /** Sends a close frame. */
    void close(int code, String reason);

    /** Stops answering pings (a dead peer). */
    void ignorePings();

    /** Stops reading from the connection (a slow client), until the client is closed. */
    void stopReading();

    /** The next message, or null after {@code wait}. */
    TestWebSocket.Message receive(Duration wait);

    /** The next message, failing the test after 10 s. */
    default TestWebSocket.Message receive() {
        TestWebSocket.Message m = receive(Duration.ofSeconds(10));
        if (m == null) throw new AssertionError("no WebSocket message within 10 s");
        return m;
    }

    /** Releases the client (cuts the connection if still open). */
    @Override
    void close();
}
