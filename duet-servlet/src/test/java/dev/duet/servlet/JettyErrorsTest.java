package dev.duet.servlet;

import dev.duet.conformance.ErrorsSuite;

class JettyErrorsTest extends ErrorsSuite {
    JettyErrorsTest() {
        super(Cores.jetty());
    }
}
