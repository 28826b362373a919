package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The HandlerKinds suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineHandlerKindsTest extends HandlerKindsSuite {
    JettyInlineHandlerKindsTest() {
        super(Cores.jettyInline());
    }
}
