package dev.duet.conformance;

import dev.duet.servlet.Cores;

class JettyLimitsTest extends LimitsSuiteOnJetty {
    JettyLimitsTest() {
        super(Cores.jetty());
    }
}
