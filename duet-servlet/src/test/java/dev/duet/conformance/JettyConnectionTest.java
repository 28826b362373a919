package dev.duet.conformance;

import dev.duet.servlet.Cores;

class JettyConnectionTest extends ConnectionSuiteOnJetty {
    JettyConnectionTest() {
        super(Cores.jetty());
    }
}
