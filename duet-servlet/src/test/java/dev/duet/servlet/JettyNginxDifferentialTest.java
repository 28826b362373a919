package dev.duet.servlet;

import dev.duet.conformance.NginxDifferentialSuite;

class JettyNginxDifferentialTest extends NginxDifferentialSuite {
    JettyNginxDifferentialTest() {
        super(Cores.jetty());
    }
}
