package dev.duet.servlet;

import dev.duet.conformance.PagesSuite;

class TomcatPagesTest extends PagesSuite {
    TomcatPagesTest() {
        super(Cores.tomcat());
    }
}
