package dev.duet.servlet;

import dev.duet.conformance.ErrorsSuite;

class TomcatErrorsTest extends ErrorsSuite {
    TomcatErrorsTest() {
        super(Cores.tomcat());
    }
}
