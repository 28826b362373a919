package dev.duet;

import dev.duet.test.TestClient;
import dev.duet.test.TestWebSocket;
import dev.duet.ws.WebSocket;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AppStats' WebSocket figures move with what the app's sockets do; no core runs under the test client. */
class AppStatsTest {

    private static App echoApp() {
        App app = App.create(Config.builder().wsMaxTotalQueuedBytes(1 << 20).build());
        app.get("/echo", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                ws.sendText("echo:" + text);
            }
        }));
        return app;
    }

    @Test
    void webSocketFiguresFollowOneSocketFromOpenToClose() {
        App app = echoApp();
        AppStats stats = AppStats.of(app);
        assertThat(stats.openWebSockets()).isZero();
        assertThat(stats.webSocketQueueCap()).isEqualTo(1 << 20);
        try (TestClient client = TestClient.of(app)) {
            TestWebSocket ws = client.websocket("/echo");
            assertThat(stats.openWebSockets()).isEqualTo(1);
            ws.sendText("a");
            assertThat(ws.receiveText()).isEqualTo("echo:a");
            assertThat(stats.webSocketMessagesReceived()).isEqualTo(1);
            ws.sendText("b");
            assertThat(ws.receiveText()).isEqualTo("echo:b");
            assertThat(await(stats::webSocketMessagesSent, 2)).isEqualTo(2);
            assertThat(await(stats::webSocketQueuedBytes, 0)).as("all written").isZero();
            ws.close(1000, "bye");
            assertThat(ws.receive().code()).isEqualTo(1000);
            assertThat(await(stats::openWebSockets, 0)).isZero();
        }
        assertThat(stats.webSocketsClosed(AppStats.WebSocketEnd.HANDSHAKE)).isEqualTo(1);
        for (AppStats.WebSocketEnd other : new AppStats.WebSocketEnd[] {AppStats.WebSocketEnd.SLOW, AppStats.WebSocketEnd.DEAD,
                AppStats.WebSocketEnd.LOST}) {
            assertThat(stats.webSocketsClosed(other)).as(other.name()).isZero();
        }
        assertThat(stats.webSocketSendsRefused()).isZero();
    }

    @Test
    void aMessageLargerThanTheAppsTotalIsRefusedAndCounted() {
        App app = App.create(Config.builder().wsMaxTotalQueuedBytes(1024).build());
        app.get("/big", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                boolean refused = ws.sendText("x".repeat(4096)).toCompletableFuture().isCompletedExceptionally();
                ws.sendText(refused ? "refused" : "sent");
            }
        }));
        AppStats stats = AppStats.of(app);
        try (TestClient client = TestClient.of(app)) {
            TestWebSocket ws = client.websocket("/big");
            ws.sendText("go");
            assertThat(ws.receiveText()).isEqualTo("refused");
            assertThat(stats.webSocketSendsRefused()).isEqualTo(1);
            // counted once its write completes, which the handler's thread may see a moment after we read it
            assertThat(await(stats::webSocketMessagesSent, 1)).isEqualTo(1);
        }
    }

    @Test
    void noServerFiguresWithoutACore() {
        App app = echoApp();
        try (TestClient client = TestClient.of(app)) {
            client.get("/nothing");
        }
        assertThat(AppStats.of(app).server()).as("the test client runs no core").isEmpty();
        assertThatThrownBy(() -> AppStats.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AppStats.of(app).webSocketsClosed(null)).isInstanceOf(NullPointerException.class);
    }

    /** {@code figure} once it reads {@code expected}, or what it reads after 5 s. */
    private static long await(LongSupplier figure, long expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (figure.getAsLong() != expected && System.nanoTime() < deadline) Thread.onSpinWait();
        return figure.getAsLong();
    }
}
