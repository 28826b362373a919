package dev.duet.servlet;

import dev.duet.conformance.RequestSuite;

/** The Request suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualRequestTest extends RequestSuite {
    JettyVirtualRequestTest() {
        super(Cores.jettyVirtual());
    }
}
