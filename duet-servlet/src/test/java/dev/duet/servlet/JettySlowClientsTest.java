package dev.duet.servlet;

import dev.duet.conformance.SlowClientsSuite;

class JettySlowClientsTest extends SlowClientsSuite {
    JettySlowClientsTest() {
        super(Cores.jetty());
    }
}
