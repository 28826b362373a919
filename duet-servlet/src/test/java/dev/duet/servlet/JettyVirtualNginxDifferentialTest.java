package dev.duet.servlet;

import dev.duet.conformance.NginxDifferentialSuite;

class JettyVirtualNginxDifferentialTest extends NginxDifferentialSuite {
    JettyVirtualNginxDifferentialTest() {
        super(Cores.jettyVirtual());
    }
}
