package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Threading suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineThreadingTest extends ThreadingSuite {
    JettyInlineThreadingTest() {
        super(Cores.jettyInline());
    }
}
