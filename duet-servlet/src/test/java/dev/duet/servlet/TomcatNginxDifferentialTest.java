package dev.duet.servlet;

import dev.duet.conformance.NginxDifferentialSuite;

class TomcatNginxDifferentialTest extends NginxDifferentialSuite {
    TomcatNginxDifferentialTest() {
        super(Cores.tomcat());
    }
}
