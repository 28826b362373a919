package dev.duet;

import dev.duet.test.TestClient;
import dev.duet.test.TestWebSocket;
import dev.duet.ws.WebSocket;
import org.junit.jupiter.api.Test;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link WebSocket#close(int, String)} accepts: the codes an endpoint may send, and a reason cut to 123 bytes. */
class WebSocketCloseTest {
    @Test
    void aReasonIsCutTo123Utf8BytesNeverInsideACharacter() {
        assertThat(WebSocketSession.fitReason("short")).isEqualTo("short");
        assertThat(WebSocketSession.fitReason("x".repeat(200))).hasSize(123);
        String cut = WebSocketSession.fitReason("é".repeat(100)); // two bytes each
        assertThat(cut).isEqualTo("é".repeat(61));
        assertThat(WebSocketSession.fitReason("😀".repeat(40))).isEqualTo("😀".repeat(30)); // four bytes each
    }

    @Test
    void aCodeNoEndpointMaySendIsRefusedAndTheSocketStaysOpen() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        App app = App.create(Config.defaults());
        app.get("/ws", req -> WebSocket.accept(new WebSocket.Handler() {
            @Override
            public void onText(WebSocket ws, String text) {
                for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
                    try {
                        ws.close(code, "");
                        seen.add("closed with " + code);
                    } catch (IllegalArgumentException e) {
                        seen.add("refused");
                    }
                }
                seen.add("open " + ws.isOpen());
                ws.close(4321, "x".repeat(300));
            }
        }));
        try (TestClient client = TestClient.of(app)) {
            TestWebSocket ws = client.websocket("/ws");
            ws.sendText("go");
            for (int i = 0; i < 7; i++) assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("refused");
            assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("open true");
            TestWebSocket.Message m = ws.receive();
            assertThat(m.code()).isEqualTo(4321);
            assertThat(m.reason()).hasSize(123);
        }
    }
}
