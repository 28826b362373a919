package dev.duet.servlet;

import dev.duet.conformance.NestingSuite;

class TomcatNestingTest extends NestingSuite {
    TomcatNestingTest() {
        super(Cores.tomcat());
    }
}
