package dev.duet.conformance;

class InProcessErrorsTest extends ErrorsSuite {
    InProcessErrorsTest() {
        super(new InProcessHarness());
    }
}
