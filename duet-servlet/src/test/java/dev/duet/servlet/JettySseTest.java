package dev.duet.servlet;

import dev.duet.conformance.SseSuite;

class JettySseTest extends SseSuite {
    JettySseTest() {
        super(Cores.jetty());
    }
}
