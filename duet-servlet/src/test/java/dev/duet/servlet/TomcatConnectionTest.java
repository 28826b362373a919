package dev.duet.servlet;

import dev.duet.conformance.ConnectionSuite;

class TomcatConnectionTest extends ConnectionSuite {
    TomcatConnectionTest() {
        super(Cores.tomcat());
    }
}
