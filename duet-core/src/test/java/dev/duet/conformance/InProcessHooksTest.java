package dev.duet.conformance;

class InProcessHooksTest extends HooksSuite {
    InProcessHooksTest() {
        super(new InProcessHarness());
    }
}
