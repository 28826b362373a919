package dev.duet.servlet;

import dev.duet.conformance.LimitsSuite;

class JettyLimitsTest extends LimitsSuite {
    JettyLimitsTest() {
        super(Cores.jetty());
    }
}
