package dev.duet.servlet;

import dev.duet.conformance.WatchdogSuite;

/** The Watchdog suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualWatchdogTest extends WatchdogSuite {
    JettyVirtualWatchdogTest() {
        super(Cores.jettyVirtual());
    }
}
