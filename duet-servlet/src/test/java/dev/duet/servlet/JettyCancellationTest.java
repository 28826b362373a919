package dev.duet.servlet;

import dev.duet.conformance.CancellationSuite;

class JettyCancellationTest extends CancellationSuite {
    JettyCancellationTest() {
        super(Cores.jetty());
    }
}
