package dev.duet.servlet;

import dev.duet.conformance.RoutingSuite;

class TomcatRoutingTest extends RoutingSuite {
    TomcatRoutingTest() {
        super(Cores.tomcat());
    }
}
