package dev.duet.servlet;

import dev.duet.conformance.WebSocketSuite;

class JettyWebSocketTest extends WebSocketSuite {
    JettyWebSocketTest() {
        super(Cores.jetty());
    }
}
