package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Connection suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualConnectionTest extends ConnectionSuiteOnJetty {
    JettyVirtualConnectionTest() {
        super(Cores.jettyVirtual());
    }
}
