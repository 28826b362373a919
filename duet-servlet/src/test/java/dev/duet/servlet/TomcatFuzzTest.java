package dev.duet.servlet;

import dev.duet.conformance.FuzzSuite;

class TomcatFuzzTest extends FuzzSuite {
    TomcatFuzzTest() {
        super(Cores.tomcat());
    }
}
