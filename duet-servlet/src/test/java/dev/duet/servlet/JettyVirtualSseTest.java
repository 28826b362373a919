package dev.duet.servlet;

import dev.duet.conformance.SseSuite;

class JettyVirtualSseTest extends SseSuite {
    JettyVirtualSseTest() {
        super(Cores.jettyVirtual());
    }
}
