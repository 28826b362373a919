package dev.duet.servlet;

import dev.duet.conformance.HandlerKindsSuite;

class TomcatHandlerKindsTest extends HandlerKindsSuite {
    TomcatHandlerKindsTest() {
        super(Cores.tomcat());
    }
}
