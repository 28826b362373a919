/**
 * Duet's blocking server core: a Servlet 6 adapter for any container (a WAR) and an embedded Jetty
 * runner, found by {@code App.start()} as the core named "servlet". {@code dev.duet.servlet.internal}
 * is not exported.
 */
module dev.duet.servlet {
    exports dev.duet.servlet;

    requires transitive dev.duet.core;
    requires transitive jakarta.servlet;
    requires org.eclipse.jetty.ee11.servlet;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.util;
    requires jakarta.websocket;
    requires org.eclipse.jetty.ee11.websocket.jakarta.server;
    requires org.eclipse.jetty.ee11.websocket.jakarta.common; // to cut a connection at once (JettyAbort)

    provides dev.duet.spi.ServerCore with dev.duet.servlet.JettyCore;
}
