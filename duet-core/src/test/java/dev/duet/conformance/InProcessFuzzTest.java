package dev.duet.conformance;

/** The fuzzer in-process: wire-level, so skipped with the reason. */
class InProcessFuzzTest extends FuzzSuite {
    InProcessFuzzTest() {
        super(new InProcessHarness());
    }
}
