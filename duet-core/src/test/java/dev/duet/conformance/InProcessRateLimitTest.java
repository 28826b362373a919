package dev.duet.conformance;

class InProcessRateLimitTest extends RateLimitSuite {
    InProcessRateLimitTest() {
        super(new InProcessHarness());
    }
}
