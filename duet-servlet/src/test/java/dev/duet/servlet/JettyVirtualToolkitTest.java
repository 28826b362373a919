package dev.duet.servlet;

import dev.duet.conformance.ToolkitSuite;

/** The Toolkit suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualToolkitTest extends ToolkitSuite {
    JettyVirtualToolkitTest() {
        super(Cores.jettyVirtual());
    }
}
