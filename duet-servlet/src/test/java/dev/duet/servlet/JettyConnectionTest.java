package dev.duet.servlet;

import dev.duet.conformance.ConnectionSuite;

class JettyConnectionTest extends ConnectionSuite {
    JettyConnectionTest() {
        super(Cores.jetty());
    }
}
