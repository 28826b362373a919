package dev.duet.conformance;

import dev.duet.servlet.Cores;

/** The Watchdog suite on Jetty with blocking links inline on Jetty's threads (here, in this package, to override package-private tests). */
class JettyInlineWatchdogTest extends WatchdogSuite {
    JettyInlineWatchdogTest() {
        super(Cores.jettyInline());
    }
}
