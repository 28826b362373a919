package dev.duet.servlet;

import dev.duet.conformance.CompressionSuite;

class JettyVirtualCompressionTest extends CompressionSuite {
    JettyVirtualCompressionTest() {
        super(Cores.jettyVirtual());
    }
}
