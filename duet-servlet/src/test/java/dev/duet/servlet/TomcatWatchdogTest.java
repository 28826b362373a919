package dev.duet.servlet;

import dev.duet.conformance.WatchdogSuite;

class TomcatWatchdogTest extends WatchdogSuite {
    TomcatWatchdogTest() {
        super(Cores.tomcat());
    }
}
