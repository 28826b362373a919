package dev.duet.conformance;

class InProcessNestingTest extends NestingSuite {
    InProcessNestingTest() {
        super(new InProcessHarness());
    }
}
