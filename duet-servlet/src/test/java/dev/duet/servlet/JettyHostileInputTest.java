package dev.duet.servlet;

import dev.duet.conformance.HostileInputSuite;

class JettyHostileInputTest extends HostileInputSuite {
    JettyHostileInputTest() {
        super(Cores.jetty());
    }
}
