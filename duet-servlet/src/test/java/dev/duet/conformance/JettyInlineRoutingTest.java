package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Routing suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineRoutingTest extends RoutingSuite {
    JettyInlineRoutingTest() {
        super(Cores.jettyInline());
    }
}
