package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Limits suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualLimitsTest extends LimitsSuiteOnJetty {
    JettyVirtualLimitsTest() {
        super(Cores.jettyVirtual());
    }
}
