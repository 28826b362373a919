package dev.duet.servlet;

import dev.duet.conformance.SlowClientsSuite;

class TomcatSlowClientsTest extends SlowClientsSuite {
    TomcatSlowClientsTest() {
        super(Cores.tomcat());
    }
}
