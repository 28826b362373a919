package dev.duet.servlet;

import dev.duet.conformance.FuzzSuite;

class JettyFuzzTest extends FuzzSuite {
    JettyFuzzTest() {
        super(Cores.jetty());
    }
}
