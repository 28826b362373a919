package dev.duet.servlet;

import dev.duet.conformance.HooksSuite;

/** The Hooks suite on Jetty with blocking links on Duet's own virtual threads, as on Netty. */
class JettyVirtualHooksTest extends HooksSuite {
    JettyVirtualHooksTest() {
        super(Cores.jettyVirtual());
    }
}
