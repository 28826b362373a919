package dev.duet.servlet;

import dev.duet.conformance.HostileBodiesSuite;

class JettyHostileBodiesTest extends HostileBodiesSuite {
    JettyHostileBodiesTest() {
        super(Cores.jetty());
    }
}
