package dev.duet.conformance;

class InProcessPagesTest extends PagesSuite {
    InProcessPagesTest() {
        super(new InProcessHarness());
    }
}
