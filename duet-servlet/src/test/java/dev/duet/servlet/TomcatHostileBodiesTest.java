package dev.duet.servlet;

import dev.duet.conformance.HostileBodiesSuite;

class TomcatHostileBodiesTest extends HostileBodiesSuite {
    TomcatHostileBodiesTest() {
        super(Cores.tomcat());
    }
}
