package dev.duet.servlet;

import dev.duet.conformance.SlowClientsSuite;

class JettyVirtualSlowClientsTest extends SlowClientsSuite {
    JettyVirtualSlowClientsTest() {
        super(Cores.jettyVirtual());
    }
}
