package dev.duet.servlet;

import dev.duet.conformance.ThreadingSuite;

/** The Threading suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualThreadingTest extends ThreadingSuite {
    JettyVirtualThreadingTest() {
        super(Cores.jettyVirtual());
    }
}
