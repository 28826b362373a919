package dev.duet.servlet;

import dev.duet.conformance.RoutingSuite;

/** The Routing suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualRoutingTest extends RoutingSuite {
    JettyVirtualRoutingTest() {
        super(Cores.jettyVirtual());
    }
}
