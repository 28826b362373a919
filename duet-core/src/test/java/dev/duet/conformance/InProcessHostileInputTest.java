package dev.duet.conformance;

/** The hostile-input suite in-process: every case is wire-level, so each is skipped with the reason. */
class InProcessHostileInputTest extends HostileInputSuite {
    InProcessHostileInputTest() {
        super(new InProcessHarness());
    }
}
