package dev.duet.servlet;

import dev.duet.conformance.ShutdownSuite;

class JettyShutdownTest extends ShutdownSuite {
    JettyShutdownTest() {
        super(Cores.jetty());
    }
}
