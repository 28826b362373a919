package dev.duet.servlet;

import dev.duet.conformance.RateLimitSuite;

/** Rate limiting in a WAR-style container: Tomcat (embedded), through the Servlet API alone. */
class TomcatRateLimitTest extends RateLimitSuite {
    TomcatRateLimitTest() {
        super(Cores.tomcat());
    }
}
