package dev.duet.servlet;

import dev.duet.conformance.RequestSuite;

class TomcatRequestTest extends RequestSuite {
    TomcatRequestTest() {
        super(Cores.tomcat());
    }
}
