package dev.duet.servlet;

import dev.duet.conformance.ErrorsSuite;

/** The Errors suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualErrorsTest extends ErrorsSuite {
    JettyVirtualErrorsTest() {
        super(Cores.jettyVirtual());
    }
}
