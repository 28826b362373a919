package dev.duet.servlet;

import dev.duet.conformance.SessionsSuite;

class JettyVirtualSessionsTest extends SessionsSuite {
    JettyVirtualSessionsTest() {
        super(Cores.jettyVirtual());
    }
}
