package dev.duet.servlet;

import dev.duet.conformance.ReadinessSuite;

class JettyReadinessTest extends ReadinessSuite {
    JettyReadinessTest() {
        super(Cores.jetty());
    }
}
