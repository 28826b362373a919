package dev.duet.servlet;

import dev.duet.conformance.SecuritySuite;

class JettySecurityTest extends SecuritySuite {
    JettySecurityTest() {
        super(Cores.jetty());
    }
}
