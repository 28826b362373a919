package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Request suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineRequestTest extends RequestSuite {
    JettyInlineRequestTest() {
        super(Cores.jettyInline());
    }
}
