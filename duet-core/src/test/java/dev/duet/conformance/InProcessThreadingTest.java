package dev.duet.conformance;

class InProcessThreadingTest extends ThreadingSuite {
    InProcessThreadingTest() {
        super(new InProcessHarness());
    }
}
