package dev.duet.conformance;

class InProcessRequestTest extends RequestSuite {
    InProcessRequestTest() {
        super(new InProcessHarness());
    }
}
