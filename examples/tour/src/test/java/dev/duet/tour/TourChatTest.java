package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.db.Database;
import dev.duet.test.TestClient;
import dev.duet.test.TestRequest;
import dev.duet.test.TestWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The tour's chat ({@code WS /chat}) through the in-process test client: presence, broadcast, refusals. */
class TourChatTest {
    private App app;
    private TestClient client;

    @BeforeEach
    void start() {
        app = App.create(Config.defaults());
        new Tour(Database.connect("sqlite::memory:")).register(app);
        client = TestClient.of(app);
    }

    @AfterEach
    void stop() {
        client.close();
        app.stop();
    }

    /** The next message of {@code ws} as a map, skipping presence updates unless {@code type} is presence. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> next(TestWebSocket ws, String type) {
        while (true) {
            Map<String, Object> m = tools.jackson.databind.json.JsonMapper.builder().build().readValue(ws.receiveText(), Map.class);
            if (m.get("type").equals(type)) return m;
        }
    }

    @Test
    void aMessageReachesEveryoneInTheRoomAndPresenceCountsThem() {
        TestWebSocket ada = client.websocket(TestRequest.get("/chat").header("Sec-WebSocket-Protocol", "chat.v1"));
        assertThat(ada.status()).isEqualTo(101);
        assertThat(ada.handshake().header("Sec-WebSocket-Protocol")).isEqualTo("chat.v1");
        assertThat(next(ada, "presence")).containsEntry("count", 1);
        TestWebSocket bob = client.websocket("/chat");
        assertThat(next(bob, "presence")).containsEntry("count", 2);
        assertThat(next(ada, "presence")).containsEntry("count", 2);

        ada.sendText("  hello, room  ");
        Map<String, Object> atBob = next(bob, "message");
        assertThat(atBob).containsEntry("text", "hello, room");
        assertThat((String) atBob.get("name")).startsWith("guest ");
        assertThat(next(ada, "message")).isEqualTo(atBob);

        bob.close(1000, "bye");
        assertThat(next(ada, "presence")).containsEntry("count", 1);
    }

    @Test
    void aPlainGetAndACrossSiteHandshakeAreRefused() {
        assertThat(client.get("/chat").status()).isEqualTo(426);
        TestWebSocket evil = client.websocket(TestRequest.get("/chat").header("Host", "tour.example")
                .header("Origin", "https://evil.example"));
        assertThat(evil.status()).isEqualTo(403);
    }

    @Test
    void aMessageOverTheLimitClosesTheSocketWith1009() {
        TestWebSocket ws = client.websocket("/chat");
        ws.sendText("x".repeat(Chat.MAX_MESSAGE + 1));
        TestWebSocket.Message m;
        do m = ws.receive(); while (m.type() != TestWebSocket.Message.Type.CLOSE);
        assertThat(m.code()).isEqualTo(1009);
    }
}
