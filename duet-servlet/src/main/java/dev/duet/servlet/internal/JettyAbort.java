package dev.duet.servlet.internal;

import jakarta.websocket.Session;
import org.eclipse.jetty.ee11.websocket.jakarta.common.JakartaWebSocketSession;

/**
 * Cutting a connection at once on embedded Jetty, which Jakarta WebSocket has no call for: Jetty's
 * own session type has one. Only loaded once a session is known to be Jetty's, so that a WAR in
 * another container (without Jetty's classes) never touches it.
 */
final class JettyAbort {
    private JettyAbort() {
    }

    /** Cuts {@code session}'s connection without a close frame; false if it is not Jetty's. */
    static boolean abort(Session session) {
        if (!(session instanceof JakartaWebSocketSession jetty)) return false;
        jetty.abort();
        return true;
    }
}
