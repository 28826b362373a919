package dev.duet.servlet;

import dev.duet.conformance.CancellationSuite;

class TomcatCancellationTest extends CancellationSuite {
    TomcatCancellationTest() {
        super(Cores.tomcat());
    }
}
