package dev.duet.servlet;

import dev.duet.conformance.WebSocketSuite;

class TomcatWebSocketTest extends WebSocketSuite {
    TomcatWebSocketTest() {
        super(Cores.tomcat());
    }
}
