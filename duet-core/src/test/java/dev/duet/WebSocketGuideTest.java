package dev.duet;

import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestWebSocket;
import dev.duet.ws.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The examples of docs/streaming.md's WebSockets section, each run through the test client (the
 * guide's check, in {@link StreamingGuideTest}, reads this file too). {@code WebSocketSuite} holds
 * every core to the behaviour.
 */
class WebSocketGuideTest {
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
    }

    private TestClient client(App app) {
        TestClient c = TestClient.of(app);
        clients.add(c);
        return c;
    }

    static String lookUp(String word) {
        return word.length() + " letters";
    }

    @Test
    void aBlockingEndpoint() {
        App app = App.create(Config.defaults());
        // snippet: ws-blocking
        app.get("/dictionary", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onOpen(WebSocket ws) {
                ws.sendText("hello, " + ws.request().clientIp());
            }

            @Override
            public void onText(WebSocket ws, String word) {
                ws.sendText(word + ": " + lookUp(word));     // plain blocking code: JDBC would do
            }
        }).subprotocols("dict.v1").maxMessageSize(1024));
        // end snippet
        TestWebSocket ws = client(app).websocket("/dictionary");
        assertThat(ws.receiveText()).isEqualTo("hello, 127.0.0.1");
        ws.sendText("duet");
        assertThat(ws.receiveText()).isEqualTo("duet: 4 letters");
    }

    @Test
    void anAsyncEndpoint() {
        App app = App.create(Config.defaults());
        // snippet: ws-async
        app.get("/countdown", req -> WebSocket.acceptAsync(new WebSocket.AsyncHandler() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, String text) {
                int n = Integer.parseInt(text.strip());           // the next message waits for this stage
                return req.tasks().delay(Duration.ofMillis(10 * n))
                        .thenCompose(x -> ws.sendText("liftoff after " + n));
            }
        }));
        // end snippet
        TestWebSocket ws = client(app).websocket("/countdown");
        ws.sendText("3");
        ws.sendText("1");
        assertThat(ws.receiveText()).isEqualTo("liftoff after 3");
        assertThat(ws.receiveText()).isEqualTo("liftoff after 1");
    }

    @Test
    void aRoomOnTheHub() {
        App app = App.create(Config.defaults());
        // snippet: ws-room
        Hub hub = Hub.inMemory();
        app.get("/rooms/{room}", req -> WebSocket.accept(new WebSocket.Handler() {
            private final String room = req.pathParam("room");
            private Membership membership;

            @Override
            public void onOpen(WebSocket ws) {
                membership = hub.join(room, message -> {     // must not block: sendText only queues
                    ws.sendText(message);
                    return ws.isOpen();
                });
            }

            @Override
            public void onText(WebSocket ws, String text) {
                hub.broadcast(room, text);
            }

            @Override
            public void onClose(WebSocket ws, int code, String reason) {
                membership.leave();
            }
        }));
        // end snippet
        TestClient client = client(app);
        TestWebSocket a = client.websocket("/rooms/blue");
        TestWebSocket b = client.websocket("/rooms/blue");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (hub.localCount("blue") < 2 && System.nanoTime() < deadline) Thread.onSpinWait();
        a.sendText("hi all");
        assertThat(b.receiveText()).isEqualTo("hi all");
        assertThat(a.receiveText()).isEqualTo("hi all");
        hub.close();
    }

    @Test
    void testingAnEndpoint() {
        App app = App.create(Config.defaults());
        app.get("/echo", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("you said: " + text);
            }
        }).maxMessageSize(64));
        TestClient client = client(app);
        // snippet: ws-test
        TestWebSocket ws = client.websocket(TestRequest.get("/echo"));
        assertThat(ws.status()).isEqualTo(101);
        ws.sendText("hi");
        assertThat(ws.receiveText()).isEqualTo("you said: hi");
        ws.sendText("x".repeat(100));                          // over maxMessageSize
        assertThat(ws.receive().code()).isEqualTo(WebSocket.MESSAGE_TOO_BIG);
        // end snippet
    }

    @Test
    void theSettings() {
        // snippet: ws-settings
        Config config = Config.builder()
                .wsMaxQueuedBytes(256 * 1024)                 // per socket: queued for the client, and waiting for the handler
                .wsSlowClientTimeout(Duration.ofSeconds(5))   // a client that does not catch up in 5 s gets 1008
                .wsPingInterval(Duration.ofSeconds(20))       // a ping every 20 s...
                .wsPongTimeout(Duration.ofSeconds(5))         // ...and 5 s to answer it, when nothing is queued
                .build();
        // end snippet
        assertThat(config.wsMaxQueuedBytes()).isEqualTo(256 * 1024);
        assertThat(config.wsSlowClientTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.wsPingInterval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.wsPongTimeout()).isEqualTo(Duration.ofSeconds(5));
    }
}
