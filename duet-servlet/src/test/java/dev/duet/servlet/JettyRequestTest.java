package dev.duet.servlet;

import dev.duet.conformance.RequestSuite;

class JettyRequestTest extends RequestSuite {
    JettyRequestTest() {
        super(Cores.jetty());
    }
}
