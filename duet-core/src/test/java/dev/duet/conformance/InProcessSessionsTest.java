package dev.duet.conformance;

class InProcessSessionsTest extends SessionsSuite {
    InProcessSessionsTest() {
        super(new InProcessHarness());
    }
}
