package dev.duet.servlet;

import dev.duet.conformance.PagesSuite;

class JettyPagesTest extends PagesSuite {
    JettyPagesTest() {
        super(Cores.jetty());
    }
}
