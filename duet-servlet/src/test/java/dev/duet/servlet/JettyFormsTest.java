package dev.duet.servlet;

import dev.duet.conformance.FormsSuite;

class JettyFormsTest extends FormsSuite {
    JettyFormsTest() {
        super(Cores.jetty());
    }
}
