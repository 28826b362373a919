package dev.duet.conformance;

/**
 * Bugs of the Jetty core that the conformance suites found: each test they fail stays in its
 * suite and is disabled on Jetty (both threadings) with the reason below, until the core is fixed.
 */
final class JettyBugs {
    private JettyBugs() {
    }

    static final String IDLE_TIMEOUT_CUTS_A_REQUEST = "BUG in the Jetty core (intermittent): a request handled for"
            + " longer than idleTimeout now and then loses its connection before its response, or the connection"
            + " closes as soon as the response is written instead of idleTimeout later (in a probe, idleTimeout 200 ms,"
            + " requests of 600 ms, blocking or async, either threading: 5 of 48 cut, 5 more closed at once);"
            + " docs/deployment.md says no Jetty timeout cuts a request in progress short";
}
