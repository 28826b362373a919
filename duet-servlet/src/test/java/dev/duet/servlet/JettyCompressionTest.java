package dev.duet.servlet;

import dev.duet.conformance.CompressionSuite;

class JettyCompressionTest extends CompressionSuite {
    JettyCompressionTest() {
        super(Cores.jetty());
    }
}
