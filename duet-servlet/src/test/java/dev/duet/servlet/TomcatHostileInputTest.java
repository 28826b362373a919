package dev.duet.servlet;

import dev.duet.conformance.HostileInputSuite;

class TomcatHostileInputTest extends HostileInputSuite {
    TomcatHostileInputTest() {
        super(Cores.tomcat());
    }
}
