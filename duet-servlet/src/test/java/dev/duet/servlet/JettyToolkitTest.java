package dev.duet.servlet;

import dev.duet.conformance.ToolkitSuite;

class JettyToolkitTest extends ToolkitSuite {
    JettyToolkitTest() {
        super(Cores.jetty());
    }
}
