package dev.duet.conformance;

class InProcessRoutingTest extends RoutingSuite {
    InProcessRoutingTest() {
        super(new InProcessHarness());
    }
}
