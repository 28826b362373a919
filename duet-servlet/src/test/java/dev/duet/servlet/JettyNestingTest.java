package dev.duet.servlet;

import dev.duet.conformance.NestingSuite;

class JettyNestingTest extends NestingSuite {
    JettyNestingTest() {
        super(Cores.jetty());
    }
}
