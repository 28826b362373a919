package dev.duet.servlet;

import dev.duet.conformance.WatchdogSuite;

class JettyWatchdogTest extends WatchdogSuite {
    JettyWatchdogTest() {
        super(Cores.jetty());
    }
}
