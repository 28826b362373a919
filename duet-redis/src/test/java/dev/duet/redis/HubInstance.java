package dev.duet.redis;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.ws.WebSocket;

import java.io.IOException;
import java.time.Duration;

/**
 * A second instance of an app, for {@link TwoProcessHubTest}: run in a JVM of its own, it serves
 * WebSocket rooms on a {@link RedisHub} and prints {@code PORT <n>} once listening. It stops when
 * its standard input closes (the test ending) or when it is killed (a crash, in the test).
 * Arguments: the Redis URI, the hub's prefix, the presence ttl in milliseconds.
 */
public final class HubInstance {
    private HubInstance() {
    }

    /** Starts the instance; see the class comment for the arguments. */
    public static void main(String[] args) throws IOException {
        Hub hub = RedisHub.connect(args[0], args[1], Duration.ofMillis(Long.parseLong(args[2])));
        App app = roomApp(hub, Config.builder().host("127.0.0.1").port(0).core("netty").build());
        app.start();
        System.out.println("PORT " + app.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // runs until the test closes our input
        }
        app.stop();
        hub.close();
    }

    /** The app both instances run: {@code /rooms/{room}} is a WebSocket whose messages go to everyone in the room. */
    static App roomApp(Hub hub, Config config) {
        App app = App.create(config);
        app.get("/rooms/{room}", req -> WebSocket.accept(new WebSocket.Handler() {
            private final String room = req.pathParam("room");
            private Membership membership;

            @Override
            public void onOpen(WebSocket ws) {
                membership = hub.join(room, message -> {
                    ws.sendText(message);
                    return ws.isOpen();
                });
                membership.ready().thenRun(() -> ws.sendText("joined"));
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
        return app;
    }
}
