package dev.duet.servlet;

import dev.duet.conformance.HostileInputSuite;

class JettyVirtualHostileInputTest extends HostileInputSuite {
    JettyVirtualHostileInputTest() {
        super(Cores.jettyVirtual());
    }
}
