package dev.duet.conformance;

class InProcessSseTest extends SseSuite {
    InProcessSseTest() {
        super(new InProcessHarness());
    }
}
