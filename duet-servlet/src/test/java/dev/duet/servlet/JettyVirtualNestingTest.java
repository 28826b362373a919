package dev.duet.servlet;

import dev.duet.conformance.NestingSuite;

/** The Nesting suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualNestingTest extends NestingSuite {
    JettyVirtualNestingTest() {
        super(Cores.jettyVirtual());
    }
}
