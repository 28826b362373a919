package dev.duet.servlet;

import dev.duet.conformance.LimitsSuite;

/** The Limits suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualLimitsTest extends LimitsSuite {
    JettyVirtualLimitsTest() {
        super(Cores.jettyVirtual());
    }
}
