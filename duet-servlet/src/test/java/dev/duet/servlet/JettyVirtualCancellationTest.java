package dev.duet.servlet;

import dev.duet.conformance.CancellationSuite;

/** The Cancellation suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualCancellationTest extends CancellationSuite {
    JettyVirtualCancellationTest() {
        super(Cores.jettyVirtual());
    }
}
