package dev.duet.servlet;

import dev.duet.conformance.ShutdownSuite;

class TomcatShutdownTest extends ShutdownSuite {
    TomcatShutdownTest() {
        super(Cores.tomcat());
    }
}
