package dev.duet.conformance;

class InProcessHandlerKindsTest extends HandlerKindsSuite {
    InProcessHandlerKindsTest() {
        super(new InProcessHarness());
    }
}
