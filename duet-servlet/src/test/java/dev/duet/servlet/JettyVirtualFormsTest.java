package dev.duet.servlet;

import dev.duet.conformance.FormsSuite;

class JettyVirtualFormsTest extends FormsSuite {
    JettyVirtualFormsTest() {
        super(Cores.jettyVirtual());
    }
}
