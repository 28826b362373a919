package dev.duet.servlet;

import dev.duet.conformance.ThreadingSuite;

class JettyThreadingTest extends ThreadingSuite {
    JettyThreadingTest() {
        super(Cores.jetty());
    }
}
