package dev.duet.servlet.internal;

import dev.duet.spi.WebSocketPeer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSockets a servlet has open, so that a stop can close them as going away (1001) before
 * the container cuts their connections. Not exported.
 */
public final class OpenSockets {
    private final Set<WebSocketPeer> open = ConcurrentHashMap.newKeySet();

    /** Creates an empty set. */
    public OpenSockets() {
    }

    void add(WebSocketPeer peer) {
        open.add(peer);
    }

    void remove(WebSocketPeer peer) {
        open.remove(peer);
    }

    /** Closes every open socket with 1001 (the server is stopping). */
    public void goingAway() {
        open.forEach(WebSocketPeer::goingAway);
    }
}
