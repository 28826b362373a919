package dev.duet.conformance;

import dev.duet.App;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestResponse;
import dev.duet.test.TestWebSocket;
import dev.duet.spi.WebSocketPeer;

import java.time.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the app through {@link TestClient}: no socket, but the same dispatch path a core uses, from
 * an event-loop thread. Each request gets a fresh test client, so that the test client's cookie
 * jar never sends a cookie the test did not (a real HTTP harness keeps none either).
 */
public final class InProcessHarness implements Harness {

    @Override
    public String name() {
        return "in-process";
    }

    @Override
    public boolean overHttp() {
        return false;
    }

    @Override
    public Threading threading() {
        return Threading.EVENT_LOOP;
    }

    @Override
    public Client start(App app) {
        app.freeze();
        return new InProcessClient(app);
    }

    private static final class InProcessClient implements Client {
        private final App app;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final List<TestClient> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        InProcessClient(App app) {
            this.app = app;
        }

        @Override
        public ClientResponse send(ClientRequest request) {
            return HttpHarness.await(sendAsync(request), request);
        }

        @Override
        public CompletableFuture<ClientResponse> sendAsync(ClientRequest request) {
            TestRequest tr = TestRequest.of(request.method(), request.uri());
            String contentType = null;
            for (Map.Entry<String, String> h : request.headers()) {
                if (h.getKey().equalsIgnoreCase("Content-Type")) contentType = h.getValue();
                else tr.header(h.getKey(), h.getValue());
            }
            tr.body(request.body(), contentType);
            TestClient client = TestClient.of(app);
            return client.sendAsync(tr)
                    .thenApply(InProcessClient::convert)
                    .whenComplete((r, e) -> client.close());
        }

        private static ClientResponse convert(TestResponse res) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            res.headers().forEach((n, v) -> headers.computeIfAbsent(n, k -> new ArrayList<>()).add(v));
            return new ClientResponse(res.status(), headers, res.body());
        }

        @Override
        public WsClient websocket(String path, Map<String, String> headers) {
            TestClient client = TestClient.of(app);
            sockets.add(client);
            TestRequest req = TestRequest.get(path);
            headers.forEach(req::header);
            return new InProcessWebSocket(client.websocket(req));
        }

        @Override
        public App app() {
            return app;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) return;
            app.stop();
            sockets.forEach(TestClient::close);
        }
    }

    /** The test client's WebSocket as the suite's {@link WsClient}. */
    private record InProcessWebSocket(TestWebSocket ws) implements WsClient {
        @Override
        public int status() {
            return ws.status();
        }

        @Override
        public String header(String name) {
            return ws.handshake().header(name);
        }

        @Override
        public String body() {
            return ws.handshake().text();
        }

        @Override
        public void sendText(String text) {
            ws.sendText(text);
        }

        @Override
        public void sendBinary(byte[] data) {
            ws.sendBinary(data);
        }

        @Override
        public void sendFragmented(String... parts) {
            ws.sendFragmented(parts);
        }

        @Override
        public void sendStrayContinuation() {
            ws.frame(WebSocketPeer.Frame.CONTINUATION, "stray".getBytes(), true);
        }

        @Override
        public void sendInvalidUtf8() {
            ws.frame(WebSocketPeer.Frame.TEXT, new byte[] {(byte) 0xc3, (byte) 0x28}, true);
        }

        @Override
        public void close(int code, String reason) {
            ws.close(code, reason);
        }

        @Override
        public void ignorePings() {
            ws.ignorePings();
        }

        @Override
        public void stopReading() {
            // a test socket reads only when the test receives: a test that stops receiving is a client that stops reading
        }

        @Override
        public TestWebSocket.Message receive(Duration wait) {
            return ws.receive(wait);
        }

        @Override
        public void close() {
            // the test client's loop goes with the harness
        }
    }
}
