package dev.duet.servlet;

import dev.duet.conformance.ToolkitSuite;

class TomcatToolkitTest extends ToolkitSuite {
    TomcatToolkitTest() {
        super(Cores.tomcat());
    }
}
