package dev.duet.servlet;

import dev.duet.conformance.HandlerKindsSuite;

class JettyHandlerKindsTest extends HandlerKindsSuite {
    JettyHandlerKindsTest() {
        super(Cores.jetty());
    }
}
