package dev.duet.servlet;

import dev.duet.conformance.Harness;
import dev.duet.conformance.HttpHarness;

/** The harnesses the conformance suites run this module's cores on. */
final class Cores {
    private Cores() {
    }

    /** Embedded Jetty: requests are dispatched from container threads (virtual ones), not an event loop. */
    static Harness jetty() {
        return new HttpHarness(new JettyCore(), Harness.Threading.CONTAINER);
    }
}
