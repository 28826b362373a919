package dev.duet.tour;

import dev.duet.App;
import dev.duet.Config;
import dev.duet.HttpMethod;
import dev.duet.Request;
import dev.duet.hub.Hub;
import dev.duet.hub.Membership;
import dev.duet.ws.WebSocket;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tour's chat: {@code WS /chat}, one room on a {@link Hub}. Each socket joins the room when it
 * opens and leaves when it closes; a text message is broadcast to everyone in it, and every join
 * and leave broadcasts how many are there. Messages go out as JSON:
 * {@code {"type":"message","name":"guest 3","text":"hi"}} and {@code {"type":"presence","count":2}}.
 * The name is the signed-in account's (see {@link Login}), read from the handshake's session, or
 * "guest N" for a visitor who is not signed in.
 * The handler is blocking (a virtual thread per busy socket), as plain as the rest of the tour.
 */
final class Chat {
    static final String ROOM = "lobby";
    /** The longest message the chat takes; a larger frame closes the socket with 1009. */
    static final int MAX_MESSAGE = 2000;

    static final List<Tour.Stop> STOPS = List.of(new Tour.Stop(HttpMethod.GET, "/chat", "/",
            "A WebSocket chat room (the box on the home page): broadcast to everyone in it, and how many are there."));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Hub hub;
    private final Accounts accounts;
    private final AtomicInteger guests = new AtomicInteger();

    private Chat(Hub hub, Accounts accounts) {
        this.hub = hub;
        this.accounts = accounts;
    }

    /** Registers {@code WS /chat} on {@code app}, with an in-memory hub closed when the app stops. */
    static void register(App app, Accounts accounts) {
        Chat chat = new Chat(Hub.inMemory(), accounts);
        app.onStop(chat.hub::close);
        // An ordinary GET route: the app's middleware, sessions and origin check apply to the
        // handshake, which runs on a virtual thread, so it may read the session and the database.
        app.get("/chat", req -> WebSocket.accept(chat.new Seat(chat.nameOf(req))).subprotocols("chat.v1")
                .maxMessageSize(MAX_MESSAGE));
    }

    /** The signed-in account's name, else the next "guest N". */
    private String nameOf(Request req) {
        // An app with no key to sign sessions with (nor dev mode's own) has no session to read,
        // and asking for one fails: no one can be signed in there.
        Config config = req.app().config();
        if (!config.secrets().isEmpty() || config.dev()) {
            Long id = req.session().get(Login.ACCOUNT, Long.class);
            if (id != null) {
                var account = accounts.find(id);
                if (account.isPresent()) return account.get().name();
            }
        }
        return "guest " + guests.incrementAndGet();
    }

    /** One person in the room: the socket's handler. */
    private final class Seat implements WebSocket.Handler {
        private final String name;
        private Membership membership;

        Seat(String name) {
            this.name = name;
        }

        @Override
        public void onOpen(WebSocket ws) {
            // A broadcast reaches this socket through its queue; a client too slow to read is
            // closed by Duet (wsMaxQueuedBytes, wsSlowClientTimeout), so the room never waits for it.
            membership = hub.join(ROOM, message -> {
                ws.sendText(message);
                return ws.isOpen();
            });
            membership.ready().thenRun(this::announce);
        }

        @Override
        public void onText(WebSocket ws, String text) {
            String said = text.strip();
            if (!said.isEmpty()) hub.broadcast(ROOM, JSON.writeValueAsString(Map.of("type", "message", "name", name, "text", said)));
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason) {
            if (membership != null && membership.leave()) announce();
        }

        private void announce() {
            hub.presence(ROOM).thenAccept(n -> hub.broadcast(ROOM, JSON.writeValueAsString(Map.of("type", "presence", "count", n))));
        }
    }
}
