package dev.duet.servlet;

import dev.duet.conformance.HandlerKindsSuite;

/** The HandlerKinds suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualHandlerKindsTest extends HandlerKindsSuite {
    JettyVirtualHandlerKindsTest() {
        super(Cores.jettyVirtual());
    }
}
