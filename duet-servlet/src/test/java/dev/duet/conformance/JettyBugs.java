package dev.duet.conformance;

/**
 * Bugs of the Jetty core that the conformance suites found: each test they fail stays in its
 * suite and is disabled on Jetty (both threadings) with the reason below, until the core is fixed.
 */
final class JettyBugs {
    private JettyBugs() {
    }
}
