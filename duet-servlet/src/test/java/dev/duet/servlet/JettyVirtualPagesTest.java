package dev.duet.servlet;

import dev.duet.conformance.PagesSuite;

class JettyVirtualPagesTest extends PagesSuite {
    JettyVirtualPagesTest() {
        super(Cores.jettyVirtual());
    }
}
