package dev.duet.servlet;

import dev.duet.conformance.SessionsSuite;

class JettySessionsTest extends SessionsSuite {
    JettySessionsTest() {
        super(Cores.jetty());
    }
}
