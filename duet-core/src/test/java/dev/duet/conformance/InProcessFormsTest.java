package dev.duet.conformance;

class InProcessFormsTest extends FormsSuite {
    InProcessFormsTest() {
        super(new InProcessHarness());
    }
}
