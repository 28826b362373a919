package dev.duet.servlet;

import dev.duet.conformance.LimitsSuite;

class TomcatLimitsTest extends LimitsSuite {
    TomcatLimitsTest() {
        super(Cores.tomcat());
    }
}
