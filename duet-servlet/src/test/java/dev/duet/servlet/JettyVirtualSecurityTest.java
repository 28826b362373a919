package dev.duet.servlet;

import dev.duet.conformance.SecuritySuite;

class JettyVirtualSecurityTest extends SecuritySuite {
    JettyVirtualSecurityTest() {
        super(Cores.jettyVirtual());
    }
}
