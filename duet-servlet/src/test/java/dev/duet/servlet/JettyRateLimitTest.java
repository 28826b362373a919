package dev.duet.servlet;

import dev.duet.conformance.RateLimitSuite;

class JettyRateLimitTest extends RateLimitSuite {
    JettyRateLimitTest() {
        super(Cores.jetty());
    }
}
