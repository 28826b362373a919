package dev.duet.servlet;

import dev.duet.conformance.RoutingSuite;

class JettyRoutingTest extends RoutingSuite {
    JettyRoutingTest() {
        super(Cores.jetty());
    }
}
