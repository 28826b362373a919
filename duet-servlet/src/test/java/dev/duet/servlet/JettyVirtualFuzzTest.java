package dev.duet.servlet;

import dev.duet.conformance.FuzzSuite;

class JettyVirtualFuzzTest extends FuzzSuite {
    JettyVirtualFuzzTest() {
        super(Cores.jettyVirtual());
    }
}
