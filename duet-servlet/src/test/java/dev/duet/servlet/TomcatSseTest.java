package dev.duet.servlet;

import dev.duet.conformance.SseSuite;

class TomcatSseTest extends SseSuite {
    TomcatSseTest() {
        super(Cores.tomcat());
    }
}
