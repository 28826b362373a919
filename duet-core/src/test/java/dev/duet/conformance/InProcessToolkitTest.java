package dev.duet.conformance;

class InProcessToolkitTest extends ToolkitSuite {
    InProcessToolkitTest() {
        super(new InProcessHarness());
    }
}
