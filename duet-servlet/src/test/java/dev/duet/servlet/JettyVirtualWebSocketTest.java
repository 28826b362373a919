package dev.duet.servlet;

import dev.duet.conformance.WebSocketSuite;

class JettyVirtualWebSocketTest extends WebSocketSuite {
    JettyVirtualWebSocketTest() {
        super(Cores.jettyVirtual());
    }
}
