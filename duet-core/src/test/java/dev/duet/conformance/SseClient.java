package dev.duet.conformance;

import dev.duet.internal.HeaderList;
import dev.duet.test.TestClient;
import dev.duet.test.TestEvents;
import dev.duet.test.TestRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Opens an event stream on any harness and reads it as {@link TestEvents}: in process through the
 * {@link TestClient}, over HTTP on a plain socket whose chunks are fed to the parser as they
 * arrive (a real HTTP client would wait for the whole body). Closing the events closes the socket:
 * the client going away.
 */
final class SseClient {
    private SseClient() {
    }

    static TestEvents open(Harness harness, Harness.Client server, String path, Map<String, String> headers) throws IOException {
        if (!harness.overHttp()) {
            TestClient client = TestClient.of(server.app()).timeout(Duration.ofSeconds(10));
            TestRequest req = TestRequest.get(path).header("Accept", "text/event-stream");
            headers.forEach(req::header);
            return client.events(req);
        }
        RawClient raw = new RawClient(server.app().port());
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n");
        headers.forEach((n, v) -> request.append(n).append(": ").append(v).append("\r\n"));
        raw.send(request.append("\r\n").toString());
        String statusLine = raw.line();
        if (statusLine == null) throw new IOException("connection closed before a response");
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        HeaderList received = new HeaderList();
        String line;
        while ((line = raw.line()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            received.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        raw.socket.setSoTimeout(0); // the reader waits for events as long as the stream lasts
        TestEvents events = new TestEvents(status, received, Duration.ofSeconds(10), () -> {
            try {
                raw.close();
            } catch (IOException e) {
                // closed already
            }
        });
        boolean chunked = "chunked".equalsIgnoreCase(received.get("Transfer-Encoding"));
        String length = received.get("Content-Length");
        Thread.ofVirtual().name("sse-test-reader").start(() -> {
            try {
                if (chunked) readChunks(raw, events.input());
                else if (length != null) events.input().write(raw.in().readNBytes(Integer.parseInt(length)));
                else raw.in().transferTo(events.input());
            } catch (IOException | RuntimeException e) {
                // the connection closed: the stream is over
            } finally {
                events.ended();
            }
        });
        return events;
    }

    private static void readChunks(RawClient raw, OutputStream out) throws IOException {
        InputStream in = raw.in();
        while (true) {
            String size = raw.line();
            if (size == null) return;
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) return;
            byte[] chunk = in.readNBytes(n);
            out.write(chunk);
            if (chunk.length < n) return;
            raw.line();
        }
    }

    /** {@code n} bytes of text, for events big enough to matter. */
    static String text(int n) {
        return new String(new byte[n], StandardCharsets.ISO_8859_1).replace('\0', 'x');
    }
}
