package dev.duet.servlet;

import dev.duet.conformance.ShutdownSuite;

/** The Shutdown suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualShutdownTest extends ShutdownSuite {
    JettyVirtualShutdownTest() {
        super(Cores.jettyVirtual());
    }
}
