package dev.duet.servlet;

import dev.duet.conformance.CompressionSuite;

class TomcatCompressionTest extends CompressionSuite {
    TomcatCompressionTest() {
        super(Cores.tomcat());
    }
}
