package dev.duet.servlet;

import dev.duet.conformance.HostileBodiesSuite;

class JettyVirtualHostileBodiesTest extends HostileBodiesSuite {
    JettyVirtualHostileBodiesTest() {
        super(Cores.jettyVirtual());
    }
}
