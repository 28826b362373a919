package dev.duet.servlet;

import dev.duet.conformance.ThreadingSuite;

class TomcatThreadingTest extends ThreadingSuite {
    TomcatThreadingTest() {
        super(Cores.tomcat());
    }
}
