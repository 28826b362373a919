package dev.duet.servlet;

import dev.duet.conformance.ConnectionSuite;

/** The Connection suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualConnectionTest extends ConnectionSuite {
    JettyVirtualConnectionTest() {
        super(Cores.jettyVirtual());
    }
}
